// Which walker runs a scan (scan.walker); both give the same figures (walker-du.test.ts):
// - 'find' (default): GNU find processes, started through the command runner and parsed by one worker thread at
//   the walkers' niceness (find-worker.ts) — the benchmark's pick: least CPU, fastest under load (docs/BENCHMARKS.md ## Scan).
// - 'node': fs.lstatSync in worker threads (walker-pool.ts) — the fallback for a server without GNU find
//   (/usr/bin/find missing: 'find' runs as 'node').
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FIND_PATH } from './find-walker.ts';
import type { FindWorkerDone, FindWorkerInit } from './find-worker.ts';
import { startModuleWorker } from './module-thread.ts';
import { emptyStats, addError } from './walk-stats.ts';
import { walkSpaces, type SpaceTarget, type WalkSpacesOptions, type WalkSpacesResult } from './walker-pool.ts';

export type Walker = 'find' | 'node';

export const WALKERS: readonly Walker[] = ['find', 'node'];

export const DEFAULT_WALKER: Walker = 'find';

/** `find-worker.ts` beside this module, or `find-worker.mjs` beside the bundle (scripts/build-agent.ts). */
export function findWorkerUrl(moduleUrl: string = import.meta.url): URL {
  return new URL(moduleUrl.endsWith('.ts') ? './find-worker.ts' : './find-worker.mjs', moduleUrl);
}

function walkWithFind(targets: readonly SpaceTarget[], options: WalkSpacesOptions): Promise<WalkSpacesResult> {
  const started = performance.now();
  const init: FindWorkerInit = {
    targets: [...targets], workers: options.workers, topN: options.topN, nowMs: options.now.getTime(),
    budgetMs: options.budgetMs, nice: options.nice, aborted: options.signal?.aborted === true,
  };
  const worker = startModuleWorker(findWorkerUrl(), { workerData: init });
  const onAbort = (): void => worker.postMessage('stop');
  options.signal?.addEventListener('abort', onAbort);
  return new Promise<WalkSpacesResult>((resolve) => {
    let settled = false;
    const settle = (result: WalkSpacesResult): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(result);
    };
    worker.on('message', (msg: FindWorkerDone) => settle({ ...msg.result, workers: [{ ...msg.thread, stat: 'find' }, ...msg.result.workers] }));
    const lost = (why: string): void => settle({
      spaces: targets.map(() => {
        const stats = emptyStats();
        addError(stats, '', `EWORKER:${why.slice(0, 80)}`);
        return { stats, truncated: true };
      }),
      partial: true, durationMs: Math.round(performance.now() - started), workers: [],
    });
    worker.on('error', (err: Error) => lost(err.message));
    worker.on('exit', (code) => lost(`exit ${code}`));
  });
}

export function walkSpacesWith(walker: Walker, targets: readonly SpaceTarget[], options: WalkSpacesOptions): Promise<WalkSpacesResult> {
  if (walker === 'find' && existsSync(FIND_PATH)) return walkWithFind(targets, options);
  return walkSpaces(targets, options);
}
