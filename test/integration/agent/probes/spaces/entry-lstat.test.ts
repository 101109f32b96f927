// The walker's two stat calls answer exactly what fs.lstatSync does, and 'raw' really is in use on this Node.
import { linkSync, lstatSync, mkdtempSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreesWithNode, createEntryLstat, type EntryStat } from '../../../../../agent/probes/spaces/entry-lstat.ts';

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

  it("uses Node's fs binding for 'raw' on this Node, and fs.lstatSync for 'node'", () => {
    expect(createEntryLstat('raw', dir).kind).toBe('raw');
    expect(createEntryLstat('node', dir).kind).toBe('node');
  });

  it.each(['raw', 'node'] as const)('%s: same fields as fs.lstatSync (no symlink followed), ENOENT → undefined, other errors thrown with their code', (kind) => {
    const { lstat } = createEntryLstat(kind, dir);
    for (const p of paths) {
      const want = lstatSync(p);
      expect({ ...(lstat(p) as EntryStat) }).toEqual({
        dev: want.dev, mode: want.mode, nlink: want.nlink, ino: want.ino, size: want.size, blocks: want.blocks, mtimeMs: want.mtimeMs,
      });
    }
    expect(lstat(join(dir, 'absent'))).toBeUndefined();
    expect(() => lstat(join(dir, 'fichier.txt', 'dessous'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('refuses a stat call that disagrees with fs.lstatSync', () => {
    const { lstat } = createEntryLstat('raw', dir);
    const lying = (p: string | Buffer): EntryStat | undefined => {
      const st = lstat(p);
      return st === undefined ? undefined : { ...st, blocks: st.blocks + 1 };
    };
    expect(agreesWithNode(lstat, dir)).toBe(true);
    expect(agreesWithNode(lying, dir)).toBe(false);
    expect(agreesWithNode(() => undefined, dir)).toBe(false);
  });
});
