/**
 * When a silent server becomes late, then offline. Deadlines are computed once per sign of life and stored
 * (healthchecks' `alert_after`), so the sweep only reads the due ones.
 */
import type { LivenessRecord } from './liveness-state.ts';

/** How lateness is judged. */
export interface DeadlinePolicy {
  /** Offline after this many missed heartbeats (default 3). */
  readonly offlineAfterHeartbeats: number;
  /** When set, overrides `offlineAfterHeartbeats`: offline after this many seconds of silence. */
  readonly offlineAfterSeconds?: number | undefined;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { offlineAfterHeartbeats: 3 };

/** Silence after which a server with this heartbeat interval is offline, in ms. */
export function offlineDelayMs(intervalSeconds: number, policy: DeadlinePolicy): number {
  if (policy.offlineAfterSeconds !== undefined) return Math.round(policy.offlineAfterSeconds * 1000);
  return Math.round(intervalSeconds * policy.offlineAfterHeartbeats * 1000);
}

/**
 * Silence after which the server is shown late: one interval plus half an interval of tolerance for network
 * jitter, never after the offline delay.
 */
export function lateDelayMs(intervalSeconds: number, policy: DeadlinePolicy): number {
  return Math.min(Math.round(intervalSeconds * 1500), offlineDelayMs(intervalSeconds, policy));
}

/** The two deadlines that follow a sign of life at `seenMs`. */
export function deadlinesAfter(
  seenMs: number,
  intervalSeconds: number,
  policy: DeadlinePolicy,
): { lateAtMs: number; offlineAtMs: number } {
  return {
    lateAtMs: seenMs + lateDelayMs(intervalSeconds, policy),
    offlineAtMs: seenMs + offlineDelayMs(intervalSeconds, policy),
  };
}

/**
 * Collector start-up grace: after the collector (re)starts, nobody is judged late or offline until one full
 * offline delay has passed, because heartbeats sent while it was down were lost, not missing. Returns the
 * record with its deadlines pushed to `startedAtMs + delay` at the earliest; records without deadlines
 * (unknown, offline, shutdown, retired) are returned unchanged.
 */
export function withStartupGrace(record: LivenessRecord, startedAtMs: number, policy: DeadlinePolicy): LivenessRecord {
  if (record.state !== 'online' && record.state !== 'late') return record;
  if (record.intervalSeconds === null) return record;
  const grace = deadlinesAfter(startedAtMs, record.intervalSeconds, policy);
  return {
    ...record,
    lateAtMs: record.state === 'online' ? Math.max(record.lateAtMs ?? 0, grace.lateAtMs) : record.lateAtMs,
    offlineAtMs: Math.max(record.offlineAtMs ?? 0, grace.offlineAtMs),
  };
}
