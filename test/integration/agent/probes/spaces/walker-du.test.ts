// The walker's totals must equal GNU du's on Scribe-like trees full of traps (loops, hard links, sparse files,
// odd names, unreadable folders), as root and as an unprivileged uid.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayPath } from '../../../../../agent/probes/spaces/walk-stats.ts';
import { walkSpacesWith, WALKERS } from '../../../../../agent/probes/spaces/walk-spaces.ts';
import type { SpaceTarget, WalkSpacesOptions } from '../../../../../agent/probes/spaces/walker-pool.ts';
import { generateScribeTree, type ScribeTree } from '../../../../helpers/tree-generator.ts';
import { has } from '../../../../helpers/requirements.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const REPO = join(import.meta.dirname, '../../../../..');

function du(flag: '-sB1' | '-sb', path: string, asUid?: number): number {
  const args = [flag, path];
  const res = asUid === undefined
    ? spawnSync('/usr/bin/du', args, { encoding: 'utf8' })
    : spawnSync('/usr/bin/setpriv', [`--reuid=${asUid}`, `--regid=${asUid}`, '--clear-groups', '/usr/bin/du', ...args], { encoding: 'utf8' });
  const n = Number(res.stdout.split('\t')[0]);
  if (!Number.isFinite(n) || res.stdout === '') throw new Error(`du ${flag} ${path} failed: ${res.stderr}`);
  return n;
}

// Every case runs with each walker (scan.walker: find processes, or worker threads with fs.lstatSync).
describe.each(WALKERS)('walker totals equal du (walker: %s)', (walker) => {
  const walkSpaces = (targets: SpaceTarget[], options: WalkSpacesOptions) => walkSpacesWith(walker, targets, options);
  let dir: string;
  let tree: ScribeTree;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-walk-'));
    chmodSync(dir, 0o755);
    tree = generateScribeTree(dir, { now: NOW, hostile: true, classes: ['3a', '3b', '4c'], pupilsPerClass: 4, teachers: 3, filesPerUser: 6 });
  });

  afterAll(() => {
    for (const rel of tree?.unreadable ?? []) chmodSync(join(dir, rel), 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([0, 1, 3])('whole /home as one space, split %d levels over 2 workers', async (splitLevels) => {
    const res = await walkSpaces([{ path: tree.home, splitLevels }], { workers: 2, topN: 100, now: NOW, budgetMs: 60_000, nice: 19 });
    const s = res.spaces[0];
    for (const w of res.workers) expect(w.stat).toBe(walker); // 'find' did not quietly fall back to 'node'
    expect(res.partial).toBe(false);
    expect(s?.stats.allocated).toBe(du('-sB1', tree.home));
    expect(s?.stats.apparent).toBe(du('-sb', tree.home));
    const files = execFileSync('/usr/bin/find', [tree.home, '!', '-type', 'd', '-printf', 'x'], { encoding: 'utf8' }).length;
    const dirs = execFileSync('/usr/bin/find', [tree.home, '-type', 'd', '-printf', 'x'], { encoding: 'utf8' }).length;
    expect(s?.stats.directories).toBe(dirs);
    // find lists the three names of original.dat: du (and the walker) count the inode once.
    expect(s?.stats.files).toBe(files - 2);
  });

  it('loses no task with more workers than cores (workers that start late, many small tasks)', async () => {
    for (let i = 0; i < 4; i += 1) {
      const res = await walkSpaces([{ path: tree.home, splitLevels: 4 }], { workers: 6, topN: 5, now: NOW, budgetMs: 60_000, nice: null });
      expect(res.spaces[0]?.stats.apparent).toBe(du('-sb', tree.home));
    }
  });

  it('still walks with a nonsense worker count (one worker)', async () => {
    const res = await walkSpaces([{ path: tree.home }], { workers: Number.NaN, topN: 5, now: NOW, budgetMs: 60_000, nice: null });
    expect(res.spaces[0]?.stats.apparent).toBe(du('-sb', tree.home));
  });

  it('matches du on every perso, mailbox and share separately', async () => {
    const paths = [
      ...tree.logins.map((l) => join(tree.home, 'adhomes', l, 'perso')).filter((p) => existsSync(p)),
      join(tree.home, 'workgroups'),
      join(tree.home, 'mail'),
    ];
    const res = await walkSpaces(paths.map((path) => ({ path })), { workers: 2, topN: 5, now: NOW, budgetMs: 60_000, nice: 19 });
    expect(res.spaces.map((s) => s.stats.allocated)).toEqual(paths.map((p) => du('-sB1', p)));
    expect(res.spaces.map((s) => s.stats.apparent)).toEqual(paths.map((p) => du('-sb', p)));
  });

  it('keeps odd names readable: invalid UTF-8 and control bytes escaped, sparse file by apparent size', async () => {
    const perso = join(tree.home, 'adhomes', 'prof0', 'perso');
    const res = await walkSpaces([{ path: perso }], { workers: 1, topN: 100, now: NOW, budgetMs: 60_000, nice: null });
    const names = res.spaces[0]?.stats.top.map((f) => displayPath(f.rel)) ?? [];
    expect(names).toContain('bizarre/n\\xe9\\xff.txt');
    expect(names).toContain('bizarre/nom\\x0aavec\\x0aretours');
    expect(names).toContain('bizarre/élève été.txt');
    expect(names).toContain('bizarre/nom avec  espaces.txt');
    expect(names.filter((n) => n.endsWith('.dat'))).toHaveLength(1); // three links, one inode
    const biggest = res.spaces[0]?.stats.top.reduce((a, b) => (a.size >= b.size ? a : b));
    expect(biggest && displayPath(biggest.rel)).toBe('bizarre/creux.img');
    expect(res.spaces[0]?.stats.allocated).toBeLessThan(1024 * 1024); // the 64 MiB sparse file allocates nothing
  });

  it('reports a missing root as data, and a spent budget as partial', async () => {
    const res = await walkSpaces([{ path: join(tree.home, 'nope') }], { workers: 1, topN: 5, now: NOW, budgetMs: 60_000, nice: null });
    expect(res.spaces[0]?.rootError).toBe('ENOENT');
    const spent = await walkSpaces([{ path: tree.home, splitLevels: 2 }], { workers: 2, topN: 5, now: NOW, budgetMs: 0, nice: null });
    expect(spent.partial).toBe(true);
    expect(spent.spaces[0]?.truncated).toBe(true);
    const aborted = await walkSpaces([{ path: tree.home }], { workers: 1, topN: 5, now: NOW, budgetMs: 60_000, nice: null, signal: AbortSignal.abort() });
    expect(aborted.partial).toBe(true);
  });

  it('runs the workers at the lowest CPU priority', async () => {
    const res = await walkSpaces([{ path: tree.home }], { workers: 2, topN: 5, now: NOW, budgetMs: 60_000, nice: 19 });
    // A worker that starts after the walk is over never says hello: at least one does.
    expect(res.workers.length).toBeGreaterThanOrEqual(1);
    for (const w of res.workers) expect(w).toMatchObject({ tid: expect.any(Number), nice: 19 });
  });

  it.skipIf(!has('setpriv', 'root'))('as an unprivileged uid: the unreadable folder is an error, and totals still equal du', () => {
    const tsx = join(REPO, 'node_modules/tsx/dist/cli.mjs');
    const out = spawnSync(
      '/usr/bin/setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, tsx, join(REPO, 'test/helpers/walk-cli.ts'), tree.home, NOW.toISOString(), walker],
      { encoding: 'utf8', cwd: REPO, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/tmp', TMPDIR: '/tmp' } },
    );
    expect(out.stderr).toBe('');
    const walked = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(walked['uid']).toBe(65534);
    expect(new Set(walked['stat'] as string[])).toEqual(new Set([walker]));
    expect(walked['errors']).toEqual([{ path: 'adhomes/prof1/perso/secret', code: 'EACCES' }]);
    expect(walked['allocated']).toBe(du('-sB1', tree.home, 65534));
    expect(walked['apparent']).toBe(du('-sb', tree.home, 65534));
  });
});
