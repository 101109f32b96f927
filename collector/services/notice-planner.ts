/**
 * Turns alert-policy decisions into outbox rows. Called by the sweep for outages whose `next_notice_at_ms`
 * is due, and on the return of a server. Runs inside the caller's transaction.
 */
import { HOUR_MS, planOnReturn, planWhileDown } from '../domain/alert-policy.ts';
import { offlineDelayMs } from '../domain/deadlines.ts';
import { activeSilence } from '../domain/silences.ts';
import type { LivenessRow, OutageRow } from '../storage/liveness-repo.ts';
import type { LivenessDeps } from './liveness-deps.ts';

/** The hold-down of a newly opened outage: an announced shutdown is notified only if still off one offline delay later. */
export function notBeforeFor(cause: string, server: Pick<LivenessRow, 'intervalSeconds'>, nowMs: number, deps: LivenessDeps): number {
  if (cause !== 'shutdown' || server.intervalSeconds === null) return nowMs;
  return nowMs + offlineDelayMs(server.intervalSeconds, deps.settings.deadlines);
}

/** Reviews an open outage at `nowMs`: queues a down notice or a reminder, or stores when to look again. */
export async function reviewOpenOutage(deps: LivenessDeps, outage: OutageRow, server: LivenessRow, nowMs: number): Promise<void> {
  const { store, settings } = deps;
  const window = settings.windowResolver.active(server.uai, nowMs);
  const silence = activeSilence(await store.silences.listCurrentForUai(server.uai, nowMs), server, nowMs);
  const plan = planWhileDown(
    outage,
    {
      nowMs,
      window,
      nextWindowStartMs: settings.windowResolver.nextStart(server.uai, nowMs),
      silence,
      recentDownNoticesMs: await store.outbox.downNoticesSince(server.serverId, nowMs - HOUR_MS),
    },
    settings.alerts,
  );
  if (plan.action === 'wait') {
    await store.liveness.setNoticeState(outage.id, { nextNoticeAtMs: plan.untilMs });
    return;
  }
  const seq = plan.kind === 'down' ? 0 : (await store.outbox.countNotices(outage.id, 'reminder')) + 1;
  await store.outbox.addNotice({
    serverId: server.serverId,
    outageId: outage.id,
    kind: plan.kind,
    seq,
    severity: plan.severity,
    state: server.state === 'shutdown' ? 'shutdown' : 'offline',
    cause: outage.cause,
    windowName: window?.name ?? null,
    windowEndMs: window?.endMs ?? null,
    windowTimeZone: window?.timeZone ?? null,
    createdAtMs: nowMs,
  });
  await store.liveness.setNoticeState(outage.id, {
    nextNoticeAtMs: plan.nextCheckAtMs,
    lastNoticeAtMs: nowMs,
    notifiedSeverity: outage.notifiedSeverity === 'critical' ? 'critical' : plan.severity,
    ...(plan.kind === 'down'
      ? { downNotifiedAtMs: nowMs, announcedCause: outage.cause, announcedWindow: window?.name ?? null }
      : {}),
  });
}

/** Queues the back-online notice of a just-closed outage when its down notice went out. */
export async function queueReturnNotice(deps: LivenessDeps, closed: OutageRow, server: LivenessRow, nowMs: number): Promise<void> {
  const plan = planOnReturn(closed);
  if (plan.action !== 'send') return;
  const window = deps.settings.windowResolver.active(server.uai, nowMs);
  await deps.store.outbox.addNotice({
    serverId: server.serverId,
    outageId: closed.id,
    kind: 'up',
    seq: 0,
    severity: closed.notifiedSeverity === 'critical' ? 'critical' : 'warning',
    state: 'online',
    cause: closed.cause,
    windowName: window?.name ?? null,
    windowEndMs: window?.endMs ?? null,
    windowTimeZone: window?.timeZone ?? null,
    createdAtMs: nowMs,
  });
}
