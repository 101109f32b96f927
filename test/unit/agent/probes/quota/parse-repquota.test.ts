import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRepquota, type RepquotaEntry } from '../../../../../agent/probes/quota/parse-repquota.ts';
import { isAppError } from '../../../../../shared/errors.ts';
import { fixturePath, readFixture } from '../../../../helpers/fixtures.ts';

const FIXTURES = fixturePath('repquota');
const fixture = (name: string): string => readFixture('repquota', name);
const KiB = 1024;

// name, block used/soft/hard (KiB), files used/soft/hard, block grace present, file grace present
type Row = [string, number, number, number, number, number, number, boolean, boolean];
const USERS: Row[] = [
  ['root', 52, 0, 0, 10, 0, 0, false, false],
  ['jdupont', 31228, 25600, 30720, 128, 1000, 1200, true, false],
  ['amartin', 3100, 51200, 61440, 9, 0, 0, false, false],
  ['lbernard', 56428, 40960, 51200, 28, 0, 0, true, false],
  ['tpetit', 188, 0, 0, 47, 0, 0, false, false],
  ['cdurand', 12556, 10240, 12288, 68, 100, 110, true, false],
  ['mleroy', 1372, 0, 0, 88, 0, 0, false, false],
  ['smoreau', 8620, 102400, 122880, 108, 50, 60, false, true],
];
const UIDS: Record<string, string> = {
  root: '#0', jdupont: '#2001', amartin: '#2002', lbernard: '#2003', tpetit: '#2004', cdurand: '#2005', mleroy: '#2006', smoreau: '#2007',
};
const GROUPS: Row[] = [
  ['root', 52, 0, 0, 10, 0, 0, false, false],
  ['eleves', 99564, 204800, 256000, 320, 0, 0, false, false],
  ['profs', 13928, 0, 0, 156, 0, 0, false, false],
];

function expected(rows: Row[], graceKind: 'remaining' | 'until', rename = false): Partial<RepquotaEntry>[] {
  return rows.map(([name, bu, bs, bh, fu, fs, fh, bg, fg]) => ({
    name: rename ? (UIDS[name] ?? name) : name,
    blockUsedBytes: bu * KiB,
    blockSoftBytes: bs === 0 ? null : bs * KiB,
    blockHardBytes: bh === 0 ? null : bh * KiB,
    fileUsed: fu,
    fileSoft: fs === 0 ? null : fs,
    fileHard: fh === 0 ? null : fh,
    blockGrace: bg ? expect.objectContaining({ kind: graceKind }) : { kind: 'none' },
    fileGrace: fg ? expect.objectContaining({ kind: graceKind }) : { kind: 'none' },
  }));
}

const CASES = [
  { file: 'default.txt', format: 'table', kind: 'user', device: '/dev/loop0', rows: expected(USERS, 'remaining') },
  { file: 'raw-grace-verbose.txt', format: 'table', kind: 'user', device: '/dev/loop0', rows: expected(USERS, 'until') },
  { file: 'human-units.txt', format: 'table', kind: 'user', device: '/dev/loop0', rows: expected(USERS, 'remaining') },
  {
    file: 'numeric-ids.txt', format: 'table', kind: 'user', device: '/dev/loop0',
    rows: expected(USERS, 'remaining', true).sort((a, b) => Number(a.name?.slice(1)) - Number(b.name?.slice(1))),
  },
  { file: 'csv.txt', format: 'csv', kind: 'user', device: null, rows: expected(USERS, 'remaining') },
  { file: 'groups-csv.txt', format: 'csv', kind: 'group', device: null, rows: expected(GROUPS, 'remaining') },
] as const;

describe('parseRepquota on the real captures', () => {
  it('has a case for every capture in the fixtures folder', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort();
    expect(files).toEqual(CASES.map((c) => c.file).sort());
  });

  it.each(CASES)('$file → $format, $kind, every figure', ({ file, format, kind, device, rows }) => {
    const report = parseRepquota(fixture(file));
    expect(report.format).toBe(format);
    expect(report.kind).toBe(kind);
    expect(report.blocks).toHaveLength(1);
    expect(report.blocks[0]?.device).toBe(device);
    const entries = [...(report.blocks[0]?.entries ?? [])];
    if (file === 'numeric-ids.txt') entries.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    expect(entries).toEqual(rows.map((r) => expect.objectContaining(r)));
  });

  it('reads raw grace (-p) as the exact instant', () => {
    const entries = parseRepquota(fixture('raw-grace-verbose.txt')).blocks[0]?.entries ?? [];
    expect(entries.find((e) => e.name === 'jdupont')?.blockGrace).toEqual({ kind: 'until', at: new Date(1796584081 * 1000) });
    expect(entries.find((e) => e.name === 'smoreau')?.fileGrace).toEqual({ kind: 'until', at: new Date(1796584081 * 1000) });
  });

  it('reads 7days as seven days remaining and #uid names as ids', () => {
    const entries = parseRepquota(fixture('numeric-ids.txt')).blocks[0]?.entries ?? [];
    expect(entries.find((e) => e.id === 2001)?.blockGrace).toEqual({ kind: 'remaining', seconds: 7 * 86400 });
    expect(entries.find((e) => e.name === '#2007')?.fileGrace).toEqual({ kind: 'remaining', seconds: 7 * 86400 });
  });

  it('accepts CRLF line endings with the same result', () => {
    for (const file of ['default.txt', 'csv.txt']) {
      expect(parseRepquota(fixture(file).replace(/\n/g, '\r\n'))).toEqual(parseRepquota(fixture(file)));
    }
  });
});

const TWO_FS = `*** Report for user quotas on device /dev/loop0
Block grace time: 7days; Inode grace time: 7days
                        Block limits                File limits
User            used    soft    hard  grace    used  soft  hard  grace
----------------------------------------------------------------------
root      --      14       0       0              3     0     0       
#2001     +-    1500    1000    2000  06:30       1     0     0       
averyveryverylongname +-    1500    1000    2000  none       1     0     0       


*** Report for user quotas on device /dev/mapper/scribe--vg-home
Block grace time: 7days; Inode grace time: 7days
                        Block limits                File limits
User            used    soft    hard  grace    used  soft  hard  grace
----------------------------------------------------------------------
#2002     ++     100      50       0   1day       100     10     0   2days


`;

describe('parseRepquota: structure', () => {
  it('reads several filesystems, hh:mm and none graces, long names that push columns', () => {
    const r = parseRepquota(TWO_FS);
    expect(r.blocks.map((b) => [b.device, b.entries.length])).toEqual([['/dev/loop0', 3], ['/dev/mapper/scribe--vg-home', 1]]);
    expect(r.blocks[0]?.entries[1]?.blockGrace).toEqual({ kind: 'remaining', seconds: 6 * 3600 + 30 * 60 });
    expect(r.blocks[0]?.entries[2]).toMatchObject({ name: 'averyveryverylongname', id: undefined, blockGrace: { kind: 'expired' } });
    expect(r.blocks[1]?.entries[0]).toMatchObject({ id: 2002, blockGrace: { kind: 'remaining', seconds: 86400 }, fileGrace: { kind: 'remaining', seconds: 2 * 86400 } });
  });

  it('reads several CSV blocks (repquota -a -O csv) with null devices', () => {
    const csv = fixture('csv.txt');
    const r = parseRepquota(csv + csv);
    expect(r.blocks).toHaveLength(2);
    expect(r.blocks.every((b) => b.device === null && b.entries.length === 8)).toBe(true);
  });

  it('reads header-only output as a filesystem with no users', () => {
    const header = fixture('default.txt').split('\n').slice(0, 5).join('\n') + '\n';
    expect(parseRepquota(header).blocks).toEqual([{ device: '/dev/loop0', entries: [] }]);
    expect(parseRepquota(fixture('csv.txt').split('\n')[0] + '\n').blocks).toEqual([{ device: null, entries: [] }]);
  });

  it('reads human units above the KiB range (M, G, T) and file counts with k', () => {
    const line = 'big       +-   1024M    100G      2T            150k     0     0       ';
    const text = fixture('human-units.txt').split('\n').slice(0, 5).join('\n') + '\n' + line + '\n';
    expect(parseRepquota(text).blocks[0]?.entries[0]).toMatchObject({
      blockUsedBytes: 1024 ** 3, blockSoftBytes: 100 * 1024 ** 3, blockHardBytes: 2 * 1024 ** 4, fileUsed: 150_000,
    });
  });
});

const defaultLines = fixture('default.txt').split('\n');
const ERRORS: Array<[string, string, RegExp]> = [
  ['empty output', '', /empty/],
  ['blank output', '\n\n', /empty/],
  ['no final newline (truncated output)', fixture('default.txt').trimEnd(), /line 13: output is truncated/],
  ['truncated row', [...defaultLines.slice(0, 12), 'smoreau   -+    8620  102', ''].join('\n'), /line 13: expected 8 to 10 fields/],
  ['bad flags', [...defaultLines.slice(0, 6), 'amartin   -x    3100   51200   61440              9     0     0', ''].join('\n'), /line 7: expected the status flags/],
  ['non-numeric size', [...defaultLines.slice(0, 6), 'amartin   --    31OO   51200   61440              9     0     0', ''].join('\n'), /line 7: block used is not a size/],
  ['row before any header', 'root      --      52       0       0             10     0     0\n', /line 1: expected '\*\*\* Report/],
  ['garbage header line', [...defaultLines.slice(0, 2), 'what is this', ''].join('\n'), /line 3: unexpected header line/],
  ['9 fields with no grace shape', [...defaultLines.slice(0, 6), 'x --  1 2 3 4 5 6 7', ''].join('\n'), /line 7: 9 fields but no grace/],
  ['csv with a missing field', fixture('csv.txt').replace('amartin,ok,ok,3100,51200,61440,,9,0,0,', 'amartin,ok,ok,3100,51200,61440,9,0,0,'), /line 4: expected 11 comma-separated fields, got 10/],
  ['csv with a bad status', fixture('csv.txt').replace('tpetit,ok', 'tpetit,bad'), /line 6: BlockStatus must be/],
  ['csv with a bad grace', fixture('csv.txt').replace('7days', '7 days'), /line 3: block grace is not a grace time/],
  ['xml (the probe never asks for -O xml)', '<?xml version="1.0"?>\n<repquota>\n</repquota>\n', /line 1: expected '\*\*\* Report/],
];

describe('parseRepquota: errors name the line', () => {
  it.each(ERRORS)('%s', (_name, text, message) => {
    let caught: unknown;
    try {
      parseRepquota(text);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'ERR_REPQUOTA_PARSE')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
