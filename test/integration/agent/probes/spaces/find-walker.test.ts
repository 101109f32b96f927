// The find walker's own cases (its du equality runs in walker-du.test.ts with the node walker): a split folder
// whose name is not valid UTF-8, names skipped under a root, mount-point-free trees, the time budget killing find,
// a missing find binary, and find's niceness. Other "finds" are the real command runner started on a script.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkSpacesWithFind } from '../../../../../agent/probes/spaces/find-walker.ts';
import { createCommandRunner, type CommandRunner } from '../../../../../agent/system/command-runner.ts';
import { sortedTop } from '../../../../../agent/probes/spaces/walk-stats.ts';
import { walkSpaces } from '../../../../../agent/probes/spaces/walker-pool.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const OPTS = { workers: 2, topN: 5, now: NOW, budgetMs: 60_000, nice: null, commands: createCommandRunner() };

/** The real runner, starting `binary` whenever /usr/bin/find is asked for. */
function findIs(binary: string): Pick<CommandRunner, 'stream'> {
  const real = createCommandRunner();
  return { stream: (_find, args, options) => real.stream(binary, args, options) };
}

function du(flag: '-sB1' | '-sb', path: string): number {
  return Number(spawnSync('/usr/bin/du', [flag, path], { encoding: 'utf8' }).stdout.split('\t')[0]);
}

describe('find walker', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-findw-'));
    const odd = Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0x63, 0x6c, 0xe9, 0xff])]); // "cl\xe9\xff"
    mkdirSync(odd);
    mkdirSync(Buffer.concat([odd, Buffer.from('/dedans')]));
    writeFileSync(Buffer.concat([odd, Buffer.from('/dedans/gros.bin')]), Buffer.alloc(70_000, 1));
    for (const d of ['commun/logiciels', 'commun/travail']) {
      mkdirSync(join(dir, d), { recursive: true });
      writeFileSync(join(dir, d, 'f.txt'), 'x'.repeat(d.length * 1000));
    }
    writeFileSync(join(dir, 'racine.txt'), 'r');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('walks a split folder whose name is not valid UTF-8 itself, and still equals du', async () => {
    const res = await walkSpacesWithFind([{ path: dir, splitLevels: 1 }], OPTS);
    expect(res.spaces[0]?.stats.allocated).toBe(du('-sB1', dir));
    expect(res.spaces[0]?.stats.apparent).toBe(du('-sb', dir));
    expect(sortedTop(res.spaces[0]?.stats.top ?? [])[0]).toMatchObject({ rel: 'cl\xe9\xff/dedans/gros.bin', size: 70_000 });
  });

  it('leaves out names skipped under a root, like the node walker', async () => {
    const target = { path: join(dir, 'commun'), exclude: ['travail'] };
    const [found, walked] = [await walkSpacesWithFind([target], OPTS), await walkSpaces([target], OPTS)];
    expect(found.spaces[0]?.stats).toEqual(walked.spaces[0]?.stats);
    expect(found.spaces[0]?.stats.apparent).toBe(du('-sb', join(dir, 'commun')) - du('-sb', join(dir, 'commun', 'travail')));
  });

  it('counts a root that is a file, and reports a missing one', async () => {
    const res = await walkSpacesWithFind([{ path: join(dir, 'racine.txt') }, { path: join(dir, 'absent') }], OPTS);
    expect(res.spaces[0]?.stats).toMatchObject({ files: 1, apparent: 1 });
    expect(res.spaces[1]?.rootError).toBe('ENOENT');
    expect(res.partial).toBe(false);
  });

  it('kills find when the budget is spent: partial, and on time', async () => {
    const slow = join(dir, 'find-lent.sh');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(slow, 0o755);
    const t0 = performance.now();
    const res = await walkSpacesWithFind([{ path: join(dir, 'commun') }], { ...OPTS, budgetMs: 300, commands: findIs(slow) });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(res.partial).toBe(true);
    expect(res.spaces[0]?.truncated).toBe(true);
  });

  it('a find that rejects the expression (not GNU find): partial, with its complaint as an error', async () => {
    const other = join(dir, 'autre-find.sh');
    writeFileSync(other, "#!/bin/sh\necho 'find: unrecognized: -printf' >&2\nexit 1\n");
    chmodSync(other, 0o755);
    const res = await walkSpacesWithFind([{ path: join(dir, 'commun') }], { ...OPTS, commands: findIs(other) });
    expect(res.partial).toBe(true);
    expect(res.spaces[0]?.stats.errors).toEqual([{ rel: 'find: unrecognized: -printf', code: 'EFIND' }]);
  });

  it('without a find binary: partial, with the reason as an error', async () => {
    const res = await walkSpacesWithFind([{ path: dir }], { ...OPTS, commands: findIs(join(dir, 'pas-de-find')) });
    expect(res.partial).toBe(true);
    expect(res.spaces[0]?.stats.errors).toEqual([{ rel: '', code: 'EFINDMISSING' }]);
  });

  it('runs find at the given niceness', async () => {
    const res = await walkSpacesWithFind([{ path: dir }], { ...OPTS, nice: 19 });
    expect(res.workers.length).toBeGreaterThanOrEqual(1);
    // Set and read back in the tick that spawned it: the process cannot have been reaped yet.
    for (const w of res.workers) expect(w).toMatchObject({ tid: expect.any(Number), nice: 19, stat: 'find' });
  });
});
