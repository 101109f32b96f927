import { describe, expect, it } from 'vitest';
import { addFile, displayPath, emptyStats, offerTop, settleLinked, sortedTop, toByteString, type FileRef } from '../../../../../agent/probes/spaces/walk-stats.ts';
import { ageCutoffs } from '../../../../../agent/probes/spaces/walker-pool.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const cut = ageCutoffs(NOW);

describe('ageCutoffs', () => {
  it('goes back calendar years and months in UTC', () => {
    expect(new Date(cut.oneYearMs).toISOString()).toBe('2025-11-29T12:00:00.000Z');
    expect(new Date(cut.threeYearsMs).toISOString()).toBe('2023-11-29T12:00:00.000Z');
    expect(new Date(cut.sixMonthsMs).toISOString()).toBe('2026-05-29T12:00:00.000Z');
  });
});

describe('addFile', () => {
  it.each([
    ['2026-11-01T00:00:00Z', 'ageLt1y', 0],
    ['2025-11-29T12:00:00Z', 'age1to3y', 1], // exactly one year: not "less than a year"
    ['2024-06-01T00:00:00Z', 'age1to3y', 1],
    ['2023-11-29T12:00:00Z', 'ageGt3y', 1],
    ['2019-01-01T00:00:00Z', 'ageGt3y', 1],
    ['2026-05-29T12:00:01Z', 'ageLt1y', 0], // just under six months
  ] as const)('mtime %s → %s (older than 6 months: %d)', (mtime, bucket, old) => {
    const s = emptyStats();
    addFile(s, 4096, 1000, Date.parse(mtime), cut);
    expect(s[bucket]).toBe(1000);
    expect(s.ageLt1y + s.age1to3y + s.ageGt3y).toBe(1000);
    expect(s.olderThan6Months).toBe(old);
    expect([s.allocated, s.apparent, s.files]).toEqual([4096, 1000, 1]);
  });
});

describe('offerTop', () => {
  it('keeps the n largest', () => {
    const top: FileRef[] = [];
    for (const size of [5, 1, 9, 3, 7, 9, 2, 8]) offerTop(top, 3, { rel: `f${size}`, size, mtimeMs: 0 });
    expect(sortedTop(top).map((f) => f.size)).toEqual([9, 9, 8]);
  });
});

describe('settleLinked', () => {
  it('counts an inode seen from several tasks once', () => {
    const s = emptyStats();
    const link = { ino: 42, allocated: 8192, size: 5000, mtimeMs: Date.parse('2026-01-01T00:00:00Z') };
    s.linked.push({ ...link, rel: 'a' }, { ...link, rel: 'b' }, { ...link, ino: 43, rel: 'c' });
    settleLinked(s, 10, cut);
    expect([s.files, s.allocated, s.apparent, s.linked.length, s.top.length]).toEqual([2, 16384, 10000, 0, 2]);
  });
});

describe('displayPath', () => {
  it.each([
    ['plain/ascii.txt', 'plain/ascii.txt'],
    ['élève/été ñ 日本 😀', 'élève/été ñ 日本 😀'],
    ['back\\slash', 'back\\\\slash'],
    ['new\nline\ttab', 'new\\x0aline\\x09tab'],
  ])('%j → %j', (input, shown) => {
    expect(displayPath(toByteString(input))).toBe(shown);
  });

  it.each([
    [[0x6e, 0xe9, 0x74], 'n\\xe9t'], // latin-1 é
    [[0xff, 0xfe], '\\xff\\xfe'],
    [[0xc3], '\\xc3'], // cut multi-byte sequence
    [[0xed, 0xa0, 0x80], '\\xed\\xa0\\x80'], // UTF-16 surrogate, invalid in UTF-8
    [[0xc0, 0xaf], '\\xc0\\xaf'], // overlong '/'
  ])('invalid bytes %j → %j', (bytes, shown) => {
    expect(displayPath(new Uint8Array(bytes))).toBe(shown);
  });
});
