// The node walker's stat call answers exactly what fs.lstatSync does (it only copies the fields it needs).
import { linkSync, lstatSync, mkdtempSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntryLstat, type EntryStat } from '../../../../../agent/probes/spaces/entry-lstat.ts';

describe('entry-lstat', () => {
  let dir: string;
  let paths: Array<string | Buffer>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-lstat-'));
    const file = join(dir, 'fichier.txt');
    writeFileSync(file, 'x'.repeat(5000));
    utimesSync(file, 1_600_000_000.123456, 1_600_000_000.987654); // sub-millisecond mtime
    linkSync(file, join(dir, 'lien dur'));
    symlinkSync('fichier.txt', join(dir, 'lien'));
    symlinkSync('nulle-part', join(dir, 'cassé'));
    const sparse = join(dir, 'creux.img');
    writeFileSync(sparse, '');
    truncateSync(sparse, 8 * 1024 * 1024);
    const odd = Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0x6e, 0xe9, 0xff, 0x0a])]);
    writeFileSync(odd, 'abc');
    paths = [dir, file, join(dir, 'lien dur'), join(dir, 'lien'), join(dir, 'cassé'), sparse, odd];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('same fields as fs.lstatSync (no symlink followed), ENOENT → undefined, other errors thrown with their code', () => {
    const lstat = createEntryLstat();
    for (const p of paths) {
      const want = lstatSync(p);
      expect({ ...(lstat(p) as EntryStat) }).toEqual({
        dev: want.dev, mode: want.mode, nlink: want.nlink, ino: want.ino, size: want.size, blocks: want.blocks, mtimeMs: want.mtimeMs,
      });
    }
    expect(lstat(join(dir, 'absent'))).toBeUndefined();
    expect(() => lstat(join(dir, 'fichier.txt', 'dessous'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});
