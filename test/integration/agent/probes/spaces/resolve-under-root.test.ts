import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveUnderRoot } from '../../../../../agent/probes/spaces/resolve-under-root.ts';

describe('resolveUnderRoot', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vigie-resolve-'));
    mkdirSync(join(root, 'home/adhomes/lea/perso'), { recursive: true });
    mkdirSync(join(root, 'home/l'), { recursive: true });
    mkdirSync(join(root, 'home/classes/3a'), { recursive: true });
    symlinkSync('/home/adhomes/lea', join(root, 'home/l/lea'));
    symlinkSync('/home/l/lea/perso', join(root, 'home/classes/3a/lea'));
    symlinkSync('../adhomes/lea', join(root, 'home/l/rel'));
    symlinkSync('/home/p/parti/perso', join(root, 'home/classes/3a/parti'));
    symlinkSync('boucle2', join(root, 'home/boucle1'));
    symlinkSync('boucle1', join(root, 'home/boucle2'));
    symlinkSync('/../../../../etc', join(root, 'home/evade'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['/home/adhomes/lea/perso', '/home/adhomes/lea/perso'],
    ['/home/l/lea', '/home/adhomes/lea'],
    ['/home/classes/3a/lea', '/home/adhomes/lea/perso'], // two hops, absolute targets read under rootDir
    ['/home/l/rel/perso', '/home/adhomes/lea/perso'], // relative target
    ['/home/classes/3a/parti', null], // dangling: a departed pupil
    ['/home/boucle1', null], // loop
    ['/home/evade', null], // '..' cannot climb above rootDir, and rootDir has no /etc
  ])('%s → %s', async (path, expected) => {
    expect(await resolveUnderRoot(root, path)).toBe(expected);
  });
});
