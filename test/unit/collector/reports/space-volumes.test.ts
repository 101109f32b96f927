import { describe, expect, it } from 'vitest';
import { computeSpaceVolumes, findParents } from '../../../../collector/reports/space-volumes.ts';
import { space } from '../../../helpers/report-builder.ts';

const MIB = 1024 * 1024;

describe('findParents', () => {
  it.each([
    { name: 'a child folder', paths: ['/h/w/commun', '/h/w/commun/travail'], expected: [-1, 0] },
    { name: 'a sibling whose name extends the other', paths: ['/h/a', '/h/a b', '/h/a/b'], expected: [-1, -1, 0] },
    { name: 'a duplicate path (counted once)', paths: ['/h/x', '/h/x'], expected: [-1, 0] },
    { name: 'a trailing slash', paths: ['/h/x/', '/h/x/y'], expected: [-1, 0] },
    { name: 'the innermost of two ancestors', paths: ['/h', '/h/p/r', '/h/p'], expected: [-1, 2, 0] },
  ])('finds the enclosing space of $name', ({ paths, expected }) => {
    expect(findParents(paths.map((p) => space('autre', 'x', { path: p })))).toEqual(expected);
  });
});

describe('computeSpaceVolumes', () => {
  it('subtracts a nested recyclage from the perso holding it', () => {
    const v = computeSpaceVolumes([
      space('perso', 'adminrupn', { apparentMiB: 100, path: '/home/adhomes/adminrupn/perso' }),
      space('recyclage', 'recyclage', { apparentMiB: 40, path: '/home/adhomes/adminrupn/perso/recyclage' }),
      space('importation', 'importation', { apparentMiB: 10, path: '/home/adhomes/adminrupn/perso/importation' }),
    ]);
    expect(v).toEqual({ persoBytes: 60 * MIB, sharesBytes: 0, excludedBytes: 40 * MIB, toMigrateBytes: 60 * MIB, olderThan3yBytes: 0 });
  });

  it('counts a nested share once and mail as excluded', () => {
    const v = computeSpaceVolumes([
      space('commun', 'commun', { apparentMiB: 100, gt3yShare: 0.5 }),
      space('commun_travail', 'commun', { apparentMiB: 30, gt3yShare: 1 }),
      space('mail', 'bob', { apparentMiB: 7 }),
    ]);
    expect(v).toEqual({ persoBytes: 0, sharesBytes: 100 * MIB, excludedBytes: 7 * MIB, toMigrateBytes: 100 * MIB, olderThan3yBytes: 50 * MIB });
  });

  it('never goes negative when a truncated parent is smaller than its child', () => {
    const v = computeSpaceVolumes([
      space('commun', 'commun', { apparentMiB: 10, truncated: true }),
      space('commun_travail', 'commun', { apparentMiB: 30 }),
    ]);
    expect(v.sharesBytes).toBe(30 * MIB);
  });
});
