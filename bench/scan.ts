// `npm run bench:scan`: the space walker against GNU `du -sb` on a generated tree of ≥ 300,000 files, warm and
// cold cache, with the walker's peak RSS. The walker runs as a child process in its production form (bundled to
// plain JS with esbuild, as the agent ships) and, for comparison, from the TypeScript sources under tsx. The three
// walkers of scan.walker run side by side: 'raw' and 'node' (worker threads; fs binding lstat or fs.lstatSync) and
// 'find' (GNU find processes parsed by the agent), each in its own child process, alternating with du.
// Options: --runs N (warm runs, default 5), --workers N (default 2), --nice N (walker threads, default none),
// --tree DIR (default /tmp/vigie-bench-scan-v1, generated once and reused). Last line: a JSON object.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
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
type Stat = 'raw' | 'node' | 'find';


async function main(): Promise<void> {
  const files = ensureTree();
  const built = await bundle();
  const walker = async (mode: 'bundle' | 'tsx', stat: Stat = 'raw'): Promise<Run & { out: WalkOut }> => {
    const r = mode === 'bundle'
      ? await run(process.execPath, [built.child, TREE, WORKERS, NICE, stat])
      : await run(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), join(REPO, 'bench/scan-child.ts'), TREE, WORKERS, NICE, stat]);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as WalkOut;
    if (!out.stat.split(',').every((s) => s === stat)) throw new Error(`walker ran with stat ${out.stat}, not ${stat}`);
    return { ...r, out };
  };

  // Correctness first: the walker's totals against du -sb and du -sB1.
  const check = await walker('bundle');
  const checkNode = await walker('bundle', 'node');
  const checkFind = await walker('bundle', 'find');
  const duB = Number((await du('-sb')).stdout.split('\t')[0]);
  const duB1 = Number((await du('-sB1')).stdout.split('\t')[0]);

  // Warm cache: one warm-up each, then alternate runs so both see the same machine load.
  await du('-sb');
  await walker('bundle');
  await walker('bundle', 'node');
  await walker('bundle', 'find');
  type Walked = Array<Run & { out: WalkOut }>;
  const warm = { du: [] as Run[], walker: [] as Walked, node: [] as Walked, find: [] as Walked, tsx: [] as Walked };
  for (let i = 0; i < RUNS; i += 1) {
    warm.du.push(await du('-sb'));
    warm.walker.push(await walker('bundle'));
    warm.node.push(await walker('bundle', 'node'));
    warm.find.push(await walker('bundle', 'find'));
    if (i < 3) warm.tsx.push(await walker('tsx'));
  }

  // Cold cache: drop the page cache before each run, if this machine lets us.
  const cold = { du: [] as number[], walker: [] as number[], node: [] as number[], find: [] as number[] };
  let coldError = dropCaches();
  for (let i = 0; i < 2 && coldError === undefined; i += 1) {
    cold.du.push((await du('-sb')).wallMs);
    coldError = dropCaches();
    if (coldError === undefined) cold.walker.push((await walker('bundle')).wallMs);
    coldError ??= dropCaches();
    if (coldError === undefined) cold.node.push((await walker('bundle', 'node')).wallMs);
    coldError ??= dropCaches();
    if (coldError === undefined) cold.find.push((await walker('bundle', 'find')).wallMs);
    coldError ??= dropCaches();
  }

  const r1 = (x: number): number => Math.round(x);
  const f = {
    files, treeFiles: check.out.files, directories: check.out.directories,
    totalsMatchDu: check.out.apparent === duB && check.out.allocated === duB1
      && checkNode.out.apparent === duB && checkNode.out.allocated === duB1
      && checkFind.out.apparent === duB && checkFind.out.allocated === duB1,
    walker: 'raw', workers: Number(WORKERS), nice: NICE, runs: RUNS,
    warmDuMs: r1(median(warm.du.map((r) => r.wallMs))),
    warmWalkerMs: r1(median(warm.walker.map((r) => r.wallMs))),
    warmWalkerWalkOnlyMs: r1(median(warm.walker.map((r) => r.out.walkMs))),
    warmWalkerTsxMs: r1(median(warm.tsx.map((r) => r.wallMs))),
    warmWalkerNodeStatMs: r1(median(warm.node.map((r) => r.wallMs))),
    warmWalkerNodeStatWalkOnlyMs: r1(median(warm.node.map((r) => r.out.walkMs))),
    warmWalkerFindMs: r1(median(warm.find.map((r) => r.wallMs))),
    warmWalkerFindWalkOnlyMs: r1(median(warm.find.map((r) => r.out.walkMs))),
    coldDuMs: cold.du.length > 0 ? r1(median(cold.du)) : null,
    coldWalkerMs: cold.walker.length > 0 ? r1(median(cold.walker)) : null,
    coldWalkerNodeStatMs: cold.node.length > 0 ? r1(median(cold.node)) : null,
    coldWalkerFindMs: cold.find.length > 0 ? r1(median(cold.find)) : null,
    coldNote: coldError === undefined ? 'drop_caches before each cold run' : `cold cache not measured: drop_caches not permitted (${coldError})`,
    walkerPeakRssMb: r1(Math.max(...warm.walker.map((r) => r.out.maxRssKb)) / 1024),
    walkerNodeStatPeakRssMb: r1(Math.max(...warm.node.map((r) => r.out.maxRssKb)) / 1024),
    walkerFindPeakRssMb: r1(Math.max(...warm.find.map((r) => r.out.maxRssKb)) / 1024),
    walkerTsxPeakRssMb: r1(Math.max(...warm.tsx.map((r) => r.out.maxRssKb)) / 1024),
    duPeakRssMb: warm.du[0]?.maxRssKb === undefined ? null : Math.round((warm.du[0].maxRssKb / 1024) * 10) / 10,
    warmRatio: 0,
    warmRatioNodeStat: 0,
    warmRatioFind: 0,
    coldRatio: null as number | null,
    goals: { warmRatioMax: 1.2, peakRssMbMax: 120 },
  };
  const ratio = (ms: number): number => Math.round((ms / f.warmDuMs) * 100) / 100;
  f.warmRatio = ratio(f.warmWalkerMs);
  f.warmRatioNodeStat = ratio(f.warmWalkerNodeStatMs);
  f.warmRatioFind = ratio(f.warmWalkerFindMs);
  f.coldRatio = f.coldDuMs && f.coldWalkerMs ? Math.round((f.coldWalkerMs / f.coldDuMs) * 100) / 100 : null;

  const rows: Array<[string, string, string]> = [
    ['tree', `${f.treeFiles} files, ${f.directories} dirs`, f.totalsMatchDu ? 'totals = du -sb / du -sB1' : 'TOTALS DIFFER FROM du'],
    ['warm wall (median)', `walker raw ${f.warmWalkerMs} ms (walk ${f.warmWalkerWalkOnlyMs} ms)`, `du -sb ${f.warmDuMs} ms → ratio ${f.warmRatio} (goal ≤ 1.2)`],
    ['warm wall, stat node', `walker node ${f.warmWalkerNodeStatMs} ms (walk ${f.warmWalkerNodeStatWalkOnlyMs} ms)`, `ratio ${f.warmRatioNodeStat} (fs.lstatSync)`],
    ['warm wall, walker find', `walker find ${f.warmWalkerFindMs} ms (walk ${f.warmWalkerFindWalkOnlyMs} ms)`, `ratio ${f.warmRatioFind} (GNU find processes)`],
    ['warm wall, walker under tsx', `${f.warmWalkerTsxMs} ms`, 'TypeScript sources, dev mode'],
    ['cold wall (median)', f.coldWalkerMs === null ? 'n/a' : `raw ${f.coldWalkerMs} / node ${f.coldWalkerNodeStatMs} / find ${f.coldWalkerFindMs} ms`, f.coldDuMs === null ? f.coldNote : `du -sb ${f.coldDuMs} ms → ratio ${f.coldRatio}`],
    ['peak RSS', `raw ${f.walkerPeakRssMb} MB (node ${f.walkerNodeStatPeakRssMb}, find ${f.walkerFindPeakRssMb}, tsx ${f.walkerTsxPeakRssMb})`, `du ${f.duPeakRssMb ?? 'n/a'} MB (goal walker ≤ 120 MB)`],
  ];
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(30)} ${b.padEnd(42)} ${c}\n`);
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

await main();
