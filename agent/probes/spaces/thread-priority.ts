// Lowers the CPU priority of the calling thread only (worker threads of the walkers; processes they start inherit it).
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Linux: `/proc/thread-self` → `<pid>/task/<tid>`; setpriority(PRIO_PROCESS, tid) changes only this thread. */
export function lowerThreadPriority(nice: number | null): { tid: number | null; nice: number | null } {
  let tid: number | null = null;
  try {
    const m = /task\/([0-9]+)$/.exec(readlinkSync('/proc/thread-self'));
    tid = m ? Number(m[1]) : null;
  } catch {
    tid = null;
  }
  if (nice === null || tid === null) return { tid, nice: null };
  try {
    setPriority(tid, nice);
    return { tid, nice: getPriority(tid) };
  } catch {
    return { tid, nice: null };
  }
}
