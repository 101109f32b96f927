// The find walker's parsers: NUL-terminated records (any split of the stream gives the same figures) and find's
// complaints on stderr (C-style quoted names → bytes, glibc messages → errno codes).
import { describe, expect, it } from 'vitest';
import { createLineSplitter, parseFindComplaint } from '../../../../../agent/probes/spaces/find-errors.ts';
import { createFindParser, findPrintArgs, MTIME_UNKNOWN, type SpaceFigures, type StartPoint } from '../../../../../agent/probes/spaces/find-output.ts';
import { emptyStats } from '../../../../../agent/probes/spaces/walk-stats.ts';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

// Two start points: a whole space root, and a folder of another space that the main thread already counted.
const STARTS: StartPoint[] = [
  { path: '/h/a', space: 0, rel: '', skipRoot: false },
  { path: '/h/b/x', space: 1, rel: 'x', skipRoot: true },
];
const OUTPUT = latin1([
  'd7 4096 8 0 /h/a\0\0',
  'a100 8 1 f1.txt\0', // < 6 months
  'd7 4096 8 1 /h/a\0sous\0',
  'b2000 8 2 nom\navec\nretours\0', // 6 months – 1 year: name with newlines
  'c3000 8 2 n\xe9\xff.txt\0', // 1 – 3 years: invalid UTF-8 name
  'd9 4096 8 2 /h/a\0sous/montage\0', // a mount point (another device): not counted
  'e5000 16 1 vieux.dat\0', // > 3 years
  'l42 50000 104 1700000000.1234567890 2 lien\0',
  'd7 4096 8 0 /h/b/x\0\0', // skipped: counted already
  'a10 8 1 y.txt\0',
].join(''));

function parse(chunks: Buffer[]): SpaceFigures[] {
  const spaces: SpaceFigures[] = [{ stats: emptyStats(), dev: -1 }, { stats: emptyStats(), dev: 7 }];
  const p = createFindParser(STARTS, spaces, 3);
  for (const c of chunks) p.push(c);
  expect(p.pending()).toBe(0);
  return spaces;
}

describe('find records', () => {
  it('counts folders, files by age class, mount points apart, hard links with their exact mtime, names as bytes', () => {
    const [a, b] = parse([OUTPUT]);
    expect(a?.dev).toBe(7);
    expect(a?.stats).toMatchObject({
      directories: 2, files: 4, apparent: 8192 + 100 + 2000 + 3000 + 5000, allocated: (8 + 8 + 8 + 8 + 8 + 16) * 512,
      ageLt1y: 2100, age1to3y: 3000, ageGt3y: 5000, olderThan6Months: 3,
    });
    expect(a?.stats.linked).toEqual([{ ino: 42, allocated: 104 * 512, size: 50000, mtimeMs: 1700000000 * 1e3 + 123456789 / 1e6, rel: 'sous/lien' }]);
    expect(a?.stats.top.map((t) => [t.rel, t.mtimeMs]).sort()).toEqual([
      ['sous/nom\navec\nretours', MTIME_UNKNOWN], ['sous/n\xe9\xff.txt', MTIME_UNKNOWN], ['vieux.dat', MTIME_UNKNOWN],
    ]);
    expect(b?.stats).toMatchObject({ directories: 0, files: 1, apparent: 10 });
    expect(b?.stats.top[0]?.rel).toBe('x/y.txt');
  });

  it('gives the same figures whatever the chunks (one byte at a time, or 7 bytes)', () => {
    const whole = parse([OUTPUT]);
    const bytes = parse([...OUTPUT].map((byte) => Buffer.from([byte])));
    const sevens = parse(Array.from({ length: Math.ceil(OUTPUT.length / 7) }, (_, k) => OUTPUT.subarray(k * 7, k * 7 + 7)));
    expect(bytes).toEqual(whole);
    expect(sevens).toEqual(whole);
  });

  it('keeps an incomplete last record pending (find killed mid-record)', () => {
    const spaces: SpaceFigures[] = [{ stats: emptyStats(), dev: -1 }, { stats: emptyStats(), dev: 7 }];
    const p = createFindParser(STARTS, spaces, 3);
    p.push(latin1('d7 4096 8 0 /h/a\0\0a100 8 1 f1'));
    expect(p.pending()).toBeGreaterThan(0);
    expect(spaces[0]?.stats.files).toBe(0);
  });

  it('asks find for mtimes strictly after each cutoff, in seconds with milliseconds', () => {
    const args = findPrintArgs({ oneYearMs: 1_700_000_000_500, threeYearsMs: 1_600_000_000_000, sixMonthsMs: 1_750_000_000_001 });
    expect(args.filter((_, k) => args[k - 1] === '-newermt')).toEqual(['@1750000000.001', '@1700000000.500', '@1600000000.000']);
  });
});

describe('find complaints', () => {
  it.each([
    ["/usr/bin/find: '/h/a/secret': Permission denied", '/h/a/secret', 'EACCES'],
    ["find: '/h/a/n\\351\\377\\nx': Permission denied", '/h/a/n\xe9\xff\nx', 'EACCES'],
    ["find: '/h/l\\'apostrophe \\\\ ok': No such file or directory", "/h/l'apostrophe \\ ok", 'ENOENT'],
    ["find: '/h/boucle': Too many levels of symbolic links", '/h/boucle', 'ELOOP'],
    ["find: '/h/disque': Input/output error", '/h/disque', 'EIO'],
    ["find: '/h/x': Operation not permitted", '/h/x', 'EPERM'],
    ["find: '/h/x': Something new", '/h/x', 'EFIND'],
    ['find: warning: something odd', null, 'EFIND'],
  ])('%s', (line, path, code) => {
    expect(parseFindComplaint(line)).toEqual({ path, code });
  });

  it('splits stderr into lines across chunks', () => {
    const lines: string[] = [];
    const s = createLineSplitter((l) => lines.push(l));
    s.push(latin1("find: 'a': Permission de"));
    s.push(latin1("nied\nfind: 'b\xe9': Permission denied\nfind: 'c'"));
    s.end();
    expect(lines).toEqual(["find: 'a': Permission denied", "find: 'b\xe9': Permission denied", "find: 'c'"]);
  });
});
