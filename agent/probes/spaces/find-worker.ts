// Worker-thread entry of the find walker: lowers this thread's CPU priority (the find processes it starts inherit
// it), runs walkSpacesWithFind, parsing find's output here rather than on the agent's main thread, and answers
// with the result. A 'stop' message (scan aborted) stops it early, as the time budget does.
import { parentPort, workerData } from 'node:worker_threads';
import { createCommandRunner } from '../../system/command-runner.ts';
import { walkSpacesWithFind } from './find-walker.ts';
import { lowerThreadPriority } from './thread-priority.ts';
import type { SpaceTarget, WalkSpacesResult } from './walker-pool.ts';

export interface FindWorkerInit {
  targets: SpaceTarget[];
  workers: number;
  topN: number;
  nowMs: number;
  budgetMs: number;
  nice: number | null;
  /** The scan was aborted before this thread started. */
  aborted: boolean;
}

export interface FindWorkerDone {
  type: 'done';
  result: WalkSpacesResult;
  /** This parsing thread's id and niceness. */
  thread: { tid: number | null; nice: number | null };
}

const init = workerData as FindWorkerInit;
const port = parentPort;
if (port !== null) {
  const thread = lowerThreadPriority(init.nice);
  const stop = new AbortController();
  if (init.aborted) stop.abort();
  port.on('message', (msg: unknown) => {
    if (msg === 'stop') stop.abort();
  });
  void walkSpacesWithFind(init.targets, {
    workers: init.workers, topN: init.topN, now: new Date(init.nowMs), budgetMs: init.budgetMs, nice: init.nice, signal: stop.signal,
    commands: createCommandRunner(),
  }).then((result) => {
    const done: FindWorkerDone = { type: 'done', result, thread };
    port.postMessage(done);
    port.close();
  });
}
