// `npm run bench:scan`: the space walker against GNU `du -sb` on a generated tree of ≥ 300,000 files, warm and
// cold cache, with the walker's peak RSS. The walker runs as a child process in its production form (bundled to
// plain JS with esbuild, as the agent ships) and, for comparison, from the TypeScript sources under tsx. The two
// walkers of scan.walker run side by side: 'find' (GNU find processes started and parsed by one worker thread) and
// 'node' (worker threads with fs.lstatSync), each in its own child process, alternating
// with du. The figures without a walker name (warmWalkerMs, warmRatio…) are the default walker's. Peak RSS is the
// walker process's (threads included); find's own processes (≈ 3 MB each, like du) are not in it.
// Options: --runs N (warm runs, default 5), --workers N (default 2), --nice N (walker threads and find, default none),
// --tree DIR (default /tmp/vigie-bench-scan-v1, generated once and reused). Last line: a JSON object.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { DEFAULT_WALKER, WALKERS, type Walker } from '../agent/probes/spaces/walk-spaces.ts';
import { generateBulkTree } from '../test/helpers/tree-generator.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const RUNS = Number(arg('runs', '5'));
const WORKERS = arg('workers', '2');
const NICE = arg('nice', 'none');
const TREE = arg('tree', '/tmp/vigie-bench-scan-v1');
const REPO = join(import.meta.dirname, '..');
const SHAPE = { users: 1000, dirsPerUser: 25, filesPerDir: 12, now: new Date('2026-11-29T00:00:00Z') };

function ensureTree(): number {
  const marker = `${TREE}.complete`;
  if (existsSync(marker)) return Number(readFileSync(marker, 'utf8'));
  rmSync(TREE, { recursive: true, force: true });
  mkdirSync(TREE, { recursive: true });
  process.stdout.write(`generating ${SHAPE.users * SHAPE.dirsPerUser * SHAPE.filesPerDir} files under ${TREE}…\n`);
  const files = generateBulkTree(TREE, SHAPE);
  writeFileSync(marker, String(files));
  return files;
}

interface Run {
  wallMs: number;
  stdout: string;
  maxRssKb?: number;
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${stderr.slice(0, 300)}`));
      const rss = /^MAXRSS ([0-9]+)$/m.exec(stderr);
      resolve({ wallMs, stdout, ...(rss ? { maxRssKb: Number(rss[1]) } : {}) });
    });
  });
}

const du = (flag: string): Promise<Run> =>
  existsSync('/usr/bin/time') ? run('/usr/bin/time', ['-f', 'MAXRSS %M', 'du', flag, TREE]) : run('du', [flag, TREE]);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function dropCaches(): string | undefined {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

/** Bundles like scripts/build-agent.ts: the workers land beside the entry, where the walkers look by default. */
async function bundle(): Promise<{ child: string }> {
  const out = '/tmp/vigie-bench-scan-build';
  mkdirSync(out, { recursive: true });
  const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, target: 'node20', logLevel: 'error' as const };
  await build({ ...common, entryPoints: [join(REPO, 'bench/scan-child.ts')], outfile: join(out, 'scan-child.mjs') });
  for (const w of ['walk-worker', 'find-worker']) {
    await build({ ...common, entryPoints: [join(REPO, `agent/probes/spaces/${w}.ts`)], outfile: join(out, `${w}.mjs`) });
  }
  return { child: join(out, 'scan-child.mjs') };
}

interface WalkOut { walkMs: number; files: number; directories: number; apparent: number; allocated: number; partial: boolean; stat: string; maxRssKb: number }
type Stat = Walker;


async function main(): Promise<void> {
  const files = ensureTree();
  const built = await bundle();
  const walker = async (mode: 'bundle' | 'tsx', stat: Stat = DEFAULT_WALKER): Promise<Run & { out: WalkOut }> => {
    const r = mode === 'bundle'
      ? await run(process.execPath, [built.child, TREE, WORKERS, NICE, stat])
      : await run(process.execPath, [createRequire(import.meta.url).resolve('tsx/cli'), join(REPO, 'bench/scan-child.ts'), TREE, WORKERS, NICE, stat]);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as WalkOut;
    if (!out.stat.split(',').every((s) => s === stat)) throw new Error(`walker ran with stat ${out.stat}, not ${stat}`);
    return { ...r, out };
  };

  // Correctness first: every walker's totals against du -sb and du -sB1.
  const duB = Number((await du('-sb')).stdout.split('\t')[0]);
  const duB1 = Number((await du('-sB1')).stdout.split('\t')[0]);
  const checks: Array<Run & { out: WalkOut }> = [];
  for (const w of WALKERS) checks.push(await walker('bundle', w));
  const check = checks[0] as Run & { out: WalkOut };

  // Warm cache: one warm-up each, then alternate runs so all see the same machine load.
  await du('-sb');
  for (const w of WALKERS) await walker('bundle', w);
  type Walked = Array<Run & { out: WalkOut }>;
  const warm = { du: [] as Run[], tsx: [] as Walked, by: new Map<Stat, Walked>(WALKERS.map((w) => [w, []])) };
  for (let i = 0; i < RUNS; i += 1) {
    warm.du.push(await du('-sb'));
    for (const w of WALKERS) warm.by.get(w)?.push(await walker('bundle', w));
    if (i < 3) warm.tsx.push(await walker('tsx'));
  }

  // Cold cache: drop the page cache before each run, if this machine lets us.
  const cold = { du: [] as number[], by: new Map<Stat, number[]>(WALKERS.map((w) => [w, []])) };
  let coldError = dropCaches();
  for (let i = 0; i < 2 && coldError === undefined; i += 1) {
    cold.du.push((await du('-sb')).wallMs);
    for (const w of WALKERS) {
      coldError ??= dropCaches();
      if (coldError === undefined) cold.by.get(w)?.push((await walker('bundle', w)).wallMs);
    }
    coldError ??= dropCaches();
  }

  const r1 = (x: number): number => Math.round(x);
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  const warmDuMs = r1(median(warm.du.map((r) => r.wallMs)));
  const coldDuMs = cold.du.length > 0 ? r1(median(cold.du)) : null;
  const byWalker = Object.fromEntries(WALKERS.map((w) => {
    const runs = warm.by.get(w) ?? [];
    const colds = cold.by.get(w) ?? [];
    const warmMs = r1(median(runs.map((r) => r.wallMs)));
    const coldMs = colds.length > 0 ? r1(median(colds)) : null;
    return [w, {
      warmMs, warmBestMs: r1(Math.min(...runs.map((r) => r.wallMs))), warmWalkOnlyMs: r1(median(runs.map((r) => r.out.walkMs))),
      warmRatio: r2(warmMs / warmDuMs), coldMs, coldRatio: coldMs !== null && coldDuMs ? r2(coldMs / coldDuMs) : null,
      peakRssMb: r1(Math.max(...runs.map((r) => r.out.maxRssKb)) / 1024),
    }];
  })) as Record<Stat, { warmMs: number; warmBestMs: number; warmWalkOnlyMs: number; warmRatio: number; coldMs: number | null; coldRatio: number | null; peakRssMb: number }>;
  const main = byWalker[DEFAULT_WALKER];
  const f = {
    files, treeFiles: check.out.files, directories: check.out.directories,
    totalsMatchDu: checks.every((c) => c.out.apparent === duB && c.out.allocated === duB1),
    walker: DEFAULT_WALKER, workers: Number(WORKERS), nice: NICE, runs: RUNS,
    warmDuMs, warmDuBestMs: r1(Math.min(...warm.du.map((r) => r.wallMs))),
    warmWalkerMs: main.warmMs, warmWalkerWalkOnlyMs: main.warmWalkOnlyMs,
    warmWalkerTsxMs: r1(median(warm.tsx.map((r) => r.wallMs))),
    coldDuMs, coldWalkerMs: main.coldMs,
    coldNote: coldError === undefined ? 'drop_caches before each cold run' : `cold cache not measured: drop_caches not permitted (${coldError})`,
    walkerPeakRssMb: main.peakRssMb,
    walkerTsxPeakRssMb: r1(Math.max(...warm.tsx.map((r) => r.out.maxRssKb)) / 1024),
    duPeakRssMb: warm.du[0]?.maxRssKb === undefined ? null : Math.round((warm.du[0].maxRssKb / 1024) * 10) / 10,
    warmRatio: main.warmRatio, coldRatio: main.coldRatio,
    byWalker,
    goals: { warmRatioMax: 1.2, peakRssMbMax: 120 },
  };

  const rows: Array<[string, string, string]> = [
    ['tree', `${f.treeFiles} files, ${f.directories} dirs`, f.totalsMatchDu ? 'totals = du -sb / du -sB1 (every walker)' : 'TOTALS DIFFER FROM du'],
    ['du -sb', `warm ${warmDuMs} ms (best ${f.warmDuBestMs})`, `cold ${coldDuMs ?? 'n/a'} ms, peak RSS ${f.duPeakRssMb ?? 'n/a'} MB`],
    ...WALKERS.map((w): [string, string, string] => {
      const b = byWalker[w];
      return [`walker ${w}${w === DEFAULT_WALKER ? ' (default)' : ''}`, `warm ${b.warmMs} ms (best ${b.warmBestMs}, walk ${b.warmWalkOnlyMs})`,
        `ratio ${b.warmRatio} (goal ≤ 1.2), cold ${b.coldMs ?? 'n/a'} ms (${b.coldRatio ?? 'n/a'}), peak RSS ${b.peakRssMb} MB`];
    }),
    ['walker under tsx', `warm ${f.warmWalkerTsxMs} ms`, `TypeScript sources, dev mode, peak RSS ${f.walkerTsxPeakRssMb} MB`],
  ];
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(24)} ${b.padEnd(44)} ${c}\n`);
  if (coldError !== undefined) process.stdout.write(`${f.coldNote}\n`);
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

await main();
