// Walks many spaces with a few worker threads: each space root is a task; its top directories (down to
// `splitLevels`) come back as more tasks, so one big share is spread over all workers. The main thread only
// posts tasks and merges figures, so its event loop (heartbeats) stays free. A time budget stops everything.
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './module-thread.ts';
import { addError, emptyStats, mergeInto, settleLinked, toByteString, type AgeCutoffs, type WalkStats } from './walk-stats.ts';
import type { WalkTask, WalkTaskResult } from './walk-tree.ts';
import type { WalkWorkerHello, WalkWorkerInit, WalkWorkerRequest } from './walk-worker.ts';

export interface SpaceTarget {
  /** Absolute path of the space root (a real directory: links are resolved before). */
  path: string;
  /** Directory levels handed out as separate tasks (0: one task walks the whole space). Default 0. */
  splitLevels?: number;
  /** Names directly under the root that belong to another space and are skipped here. */
  exclude?: readonly string[];
}

export interface WalkSpacesOptions {
  /** Worker threads (default: 2). */
  workers: number;
  /** Largest files kept per space. */
  topN: number;
  /** The scan's "now", for the age buckets. */
  now: Date;
  /** Time budget of the whole walk, in ms. When spent, figures so far are kept and flagged `truncated`. */
  budgetMs: number;
  /** Niceness of the worker threads (19 = lowest CPU priority), or null to leave them. */
  nice: number | null;
  signal?: AbortSignal;
}

export interface SpaceWalkResult {
  stats: WalkStats;
  truncated: boolean;
  /** errno code when the space root could not be read at all. */
  rootError?: string;
}

export interface WalkSpacesResult {
  spaces: SpaceWalkResult[];
  partial: boolean;
  durationMs: number;
  /** Linux thread ids (find: process ids) of the walkers, their niceness, and how they stat ('find' for find processes). */
  workers: Array<{ tid: number | null; nice: number | null; stat: 'node' | 'find' }>;
}

/**
 * From the sources this module is `…/walker-pool.ts`; bundled (scripts/build-agent.ts) it is `dist/<entry>.mjs`
 * with the worker built beside it as `dist/walk-worker.mjs`.
 */
export function defaultWorkerUrl(moduleUrl: string = import.meta.url): URL {
  return moduleUrl.endsWith('.ts') ? new URL('./walk-worker.ts', moduleUrl) : new URL('./walk-worker.mjs', moduleUrl);
}

/** Calendar cutoffs in UTC: one year, three years and six months before `now`. */
export function ageCutoffs(now: Date): AgeCutoffs {
  const back = (years: number, months: number): number => {
    const d = new Date(now.getTime());
    d.setUTCFullYear(d.getUTCFullYear() - years, d.getUTCMonth() - months);
    return d.getTime();
  };
  return { oneYearMs: back(1, 0), threeYearsMs: back(3, 0), sixMonthsMs: back(0, 6) };
}

interface Slot {
  worker: Worker;
  /** Set when the worker said hello: only ready workers get tasks (one at a time). */
  ready: boolean;
  busy: WalkTask | undefined;
}

export async function walkSpaces(targets: readonly SpaceTarget[], options: WalkSpacesOptions): Promise<WalkSpacesResult> {
  const started = performance.now();
  const cut = ageCutoffs(options.now);
  const acc: SpaceWalkResult[] = targets.map(() => ({ stats: emptyStats(), truncated: false }));
  if (targets.length === 0) return { spaces: [], partial: false, durationMs: 0, workers: [] };

  const stop = new Int32Array(new SharedArrayBuffer(4));
  const queue: WalkTask[] = targets.map((t, i) => ({
    id: i, space: i, path: toByteString(t.path), rel: '', dev: -1, depth: 0,
    splitLevels: t.splitLevels ?? 0, exclude: (t.exclude ?? []).map(toByteString),
  }));
  let nextId = targets.length;
  let head = 0;
  let stopped = false;
  let check = (): void => undefined; // re-checks "all done" once the run loop below is set up
  const raiseStop = (): void => {
    stopped = true;
    Atomics.store(stop, 0, 1);
    check();
  };
  const timer = setTimeout(raiseStop, options.budgetMs);
  const onAbort = (): void => raiseStop();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted === true) raiseStop();

  const init: WalkWorkerInit = { stop, topN: options.topN, cut, nice: options.nice };
  const wanted = Number.isFinite(options.workers) ? Math.floor(options.workers) : 1;
  const count = Math.max(1, Math.min(wanted, targets.length * 64));
  const hellos: WalkSpacesResult['workers'] = [];
  const slots: Slot[] = [];

  try {
    await new Promise<void>((resolve) => {
      let alive = 0;
      const finishIfDone = (): void => {
        if (slots.every((s) => s.busy === undefined) && (head >= queue.length || stopped || alive === 0)) resolve();
      };
      check = finishIfDone;
      const dispatch = (slot: Slot): void => {
        if (!slot.ready || slot.busy !== undefined) return;
        if (stopped || head >= queue.length) {
          finishIfDone();
          return;
        }
        const remainingMs = options.budgetMs - (performance.now() - started);
        if (remainingMs <= 0) {
          raiseStop();
          finishIfDone();
          return;
        }
        const task = queue[head] as WalkTask;
        head += 1;
        slot.busy = task;
        const req: WalkWorkerRequest = { task, remainingMs };
        slot.worker.postMessage(req);
      };
      const onResult = (slot: Slot, res: WalkTaskResult): void => {
        slot.busy = undefined;
        const space = acc[res.space] as SpaceWalkResult;
        if (res.rootError !== undefined) space.rootError = res.rootError;
        mergeInto(space.stats, res.stats, options.topN);
        if (res.truncated) space.truncated = true;
        const target = targets[res.space] as SpaceTarget;
        for (const sub of res.subtasks) {
          queue.push({
            id: nextId++, space: res.space, path: sub.path, rel: sub.rel, dev: res.dev, depth: sub.depth,
            splitLevels: target.splitLevels ?? 0, exclude: [],
          });
        }
        // Idle workers may now have work: wake them all, then this one.
        for (const other of slots) if (other !== slot) dispatch(other);
        dispatch(slot);
      };
      for (let i = 0; i < count; i += 1) {
        const worker = startModuleWorker(defaultWorkerUrl(), { workerData: init });
        const slot: Slot = { worker, ready: false, busy: undefined };
        slots.push(slot);
        alive += 1;
        worker.on('message', (msg: WalkTaskResult | WalkWorkerHello) => {
          if ('type' in msg) {
            hellos.push({ tid: msg.tid, nice: msg.nice, stat: msg.stat });
            slot.ready = true;
            dispatch(slot);
          } else if (slot.busy?.id === msg.id) {
            onResult(slot, msg);
          }
        });
        worker.on('error', (err: Error) => {
          alive -= 1;
          const lost = slot.busy;
          slot.busy = undefined;
          slots.splice(slots.indexOf(slot), 1);
          if (lost !== undefined) {
            const space = acc[lost.space] as SpaceWalkResult;
            space.truncated = true;
            addError(space.stats, lost.rel, `EWORKER:${err.message.slice(0, 80)}`);
          }
          finishIfDone();
        });
      }
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  // Tasks never run (budget spent, abort, or no worker left) make their space partial.
  for (let i = head; i < queue.length; i += 1) (acc[(queue[i] as WalkTask).space] as SpaceWalkResult).truncated = true;
  for (const s of acc) settleLinked(s.stats, options.topN, cut);
  return {
    spaces: acc,
    partial: acc.some((s) => s.truncated),
    durationMs: Math.round(performance.now() - started),
    workers: hellos,
  };
}
