// Child process of `npm run bench:scan`: walks one tree with the real worker-thread walker and prints one JSON
// line (figures, walk time, and this process's peak RSS: main thread + workers). Usage:
//   scan-child <path> <workers> <nice|none> [find|node]   (bundled: the worker is found beside the bundle)
import { performance } from 'node:perf_hooks';
import { walkSpacesWith, WALKERS, type Walker } from '../agent/probes/spaces/walk-spaces.ts';

const [path = '', workers = '2', nice = 'none', stat = 'find'] = process.argv.slice(2);
const t0 = performance.now();
const walker: Walker = WALKERS.find((w) => w === stat) ?? 'find';
const res = await walkSpacesWith(walker, [{ path, splitLevels: 3 }], {
  workers: Number(workers),
  topN: 10,
  now: new Date('2026-11-29T00:00:00Z'),
  budgetMs: 3_600_000,
  nice: nice === 'none' ? null : Number(nice),
});
const s = res.spaces[0];
process.stdout.write(
  `${JSON.stringify({
    walkMs: Math.round(performance.now() - t0),
    files: s?.stats.files,
    directories: s?.stats.directories,
    apparent: s?.stats.apparent,
    allocated: s?.stats.allocated,
    partial: res.partial,
    stat: res.workers.map((w) => w.stat).join(','),
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
