/**
 * Writes one step of the liveness machine: the record (compare-and-set), the outage change, the transition row
 * and, when an outage ends, the back-online notice, in the caller's transaction. Down notices are not decided
 * here: a new outage gets `next_notice_at_ms = not_before_ms` and the sweep reviews it (after site-wide
 * classification), so the history is always written before anything is notified.
 */
import type { LivenessStep } from '../domain/liveness-machine.ts';
import type { LivenessRow } from '../storage/liveness-repo.ts';
import type { LivenessDeps } from './liveness-deps.ts';
import { causeDetailOnSilence } from '../domain/ups-episode.ts';
import { notBeforeFor, queueReturnNotice } from './notice-planner.ts';

/** Applies `step` computed from `before`; false when the row changed meanwhile (compare-and-set lost). */
export async function applyLivenessStep(deps: LivenessDeps, before: LivenessRow, step: LivenessStep, nowMs: number): Promise<boolean> {
  const { store } = deps;
  if (step.record !== before && !(await store.liveness.update(before, step.record))) return false;
  let outageId: number | null = null;
  if (step.outage !== null) {
    const notBefore = step.outage.op === 'open' ? notBeforeFor(step.outage.cause, step.record, nowMs, deps) : nowMs;
    outageId = await store.liveness.applyOutageOp(before.serverId, step.outage, nowMs, notBefore);
    if (step.outage.op === 'open' && outageId !== null) {
      // Silent while on UPS battery: a power cut that outlasted the battery.
      const detail = causeDetailOnSilence(step.outage.cause, (await store.ups.openEpisode(before.serverId)) ?? null);
      if (detail !== null) await store.liveness.setCauseDetail(outageId, detail);
    }
  }
  if (step.transition !== null) await store.liveness.addTransition(before.serverId, step.transition, outageId);
  // Back online only: a server retired while down is not "de nouveau en ligne" (its alert just ages out).
  if (step.outage?.op === 'close' && step.record.state === 'online') {
    const closed = await store.liveness.outage(step.outage.outageId);
    if (closed !== undefined) await queueReturnNotice(deps, closed, before, nowMs);
  }
  return true;
}
