// Worker-thread entry of the space walker: lowers its own thread's CPU priority, then walks the tasks the pool
// posts, one at a time, answering each with its figures. Stops early when the shared stop flag is raised.
import { parentPort, workerData } from 'node:worker_threads';
import { createEntryLstat } from './entry-lstat.ts';
import { lowerThreadPriority } from './thread-priority.ts';
import type { AgeCutoffs } from './walk-stats.ts';
import { walkTask, type WalkTask } from './walk-tree.ts';

export interface WalkWorkerInit {
  /** Int32Array over a SharedArrayBuffer: element 0 becomes 1 when the scan must stop. */
  stop: Int32Array;
  topN: number;
  cut: AgeCutoffs;
  /** Niceness for this thread (19 = lowest priority), or null to leave it. */
  nice: number | null;
}

export interface WalkWorkerHello {
  type: 'ready';
  /** Linux thread id of this worker (from /proc/thread-self), or null when unknown. */
  tid: number | null;
  /** Niceness read back from the kernel after setting it, or null when not set. */
  nice: number | null;
  /** How this worker stats entries (fs.lstatSync). */
  stat: 'node';
}

export interface WalkWorkerRequest {
  task: WalkTask;
  /** Milliseconds left in the scan's time budget when the task was posted. */
  remainingMs: number;
}

const init = workerData as WalkWorkerInit;
const port = parentPort;
if (port !== null) {
  const prio = lowerThreadPriority(init.nice);
  const lstat = createEntryLstat();
  port.on('message', (req: WalkWorkerRequest) => {
    const deadline = performance.now() + req.remainingMs;
    const result = walkTask(req.task, {
      topN: init.topN,
      cut: init.cut,
      lstat,
      shouldStop: () => Atomics.load(init.stop, 0) !== 0 || performance.now() > deadline,
    });
    port.postMessage(result);
  });
  const hello: WalkWorkerHello = { type: 'ready', ...prio, stat: 'node' };
  port.postMessage(hello);
}
