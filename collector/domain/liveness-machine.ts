/**
 * The liveness state machine: pure functions from (record, open outage, input, now) to the next record, the
 * transition to write to the history, and the change to the outages table. Callers write all three in one
 * transaction (compare-and-set on the old state) before anything is notified.
 *
 * Rules:
 * - a sign of life (heartbeat, `startup` event) makes the server `online` and sets its deadlines;
 * - the first one (`unknown → online`) opens and closes nothing;
 * - coming back from `offline`/`shutdown` closes the open outage with its final cause (see `causeOnReturn`);
 * - a boot time that changed while the server looked up (a quick reboot, or one while the collector was down)
 *   records a past outage without any "offline now" state;
 * - a `shutdown` event moves to `shutdown` and opens (or re-labels) the outage as announced;
 * - deadlines move `online → late → offline`; going offline opens an outage starting at the last sign of life
 *   with the provisional cause "probable power loss or crash";
 * - `retired` servers ignore everything.
 */
import { deadlinesAfter, type DeadlinePolicy } from './deadlines.ts';
import type { LivenessRecord, OutageCause, Transition, TransitionReason } from './liveness-state.ts';
import { PROVISIONAL_SILENT_CAUSE, bootChanged, causeOnReturn } from './outage-cause.ts';

/** The outage currently open for a server, as the machine needs it. */
export interface OpenOutage {
  readonly id: number;
  readonly startedAtMs: number;
  readonly cause: OutageCause;
  readonly provisional: boolean;
}

/** What to do to the outages table. */
export type OutageOp =
  | { readonly op: 'open'; readonly startedAtMs: number; readonly cause: OutageCause; readonly provisional: boolean }
  | {
      readonly op: 'close';
      readonly outageId: number;
      readonly endedAtMs: number;
      readonly cause: OutageCause;
      readonly rebooted: boolean | null;
    }
  | { readonly op: 'relabel'; readonly outageId: number; readonly cause: OutageCause; readonly provisional: boolean }
  /** A late `shutdown` event of a previous boot: the latest closed `power_loss` outage was in fact announced. */
  | { readonly op: 'relabel_last_closed'; readonly from: OutageCause; readonly cause: OutageCause }
  | {
      readonly op: 'record_past';
      readonly startedAtMs: number;
      readonly endedAtMs: number;
      readonly cause: OutageCause;
    };

/** One step of the machine. `record` is the input unchanged when nothing happened. */
export interface LivenessStep {
  readonly record: LivenessRecord;
  readonly transition: Transition | null;
  readonly outage: OutageOp | null;
}

/** A sign of life: a heartbeat (with its interval) or a `startup` event (without). */
export interface SignOfLife {
  readonly kind: 'heartbeat' | 'startup';
  /** Reception instant, collector clock. */
  readonly nowMs: number;
  /** The announced heartbeat interval; null for events (the stored one is kept). */
  readonly intervalSeconds: number | null;
  /** Boot time of the current boot, agent clock. */
  readonly bootTimeMs: number;
}

function unchanged(record: LivenessRecord): LivenessStep {
  return { record, transition: null, outage: null };
}

/** Applies a heartbeat or `startup` event. */
export function onSignOfLife(
  record: LivenessRecord,
  open: OpenOutage | null,
  input: SignOfLife,
  policy: DeadlinePolicy,
): LivenessStep {
  if (record.state === 'retired') return unchanged(record);
  const interval = input.intervalSeconds ?? record.intervalSeconds;
  const deadlines = interval === null ? { lateAtMs: null, offlineAtMs: null } : deadlinesAfter(input.nowMs, interval, policy);
  const rebooted = bootChanged(record.bootTimeMs, input.bootTimeMs);
  const next: LivenessRecord = {
    ...record,
    state: 'online',
    stateSinceMs: record.state === 'online' ? record.stateSinceMs : input.nowMs,
    lastSeenMs: input.nowMs,
    intervalSeconds: interval,
    bootTimeMs: input.bootTimeMs,
    ...deadlines,
  };
  const reason: TransitionReason =
    record.state === 'unknown' ? 'first_heartbeat' : input.kind === 'startup' ? 'startup_event' : 'heartbeat';
  const transition: Transition | null =
    record.state === 'online' ? null : { from: record.state, to: 'online', atMs: input.nowMs, reason };

  if ((record.state === 'offline' || record.state === 'shutdown') && open !== null) {
    return {
      record: next,
      transition,
      outage: {
        op: 'close',
        outageId: open.id,
        endedAtMs: input.nowMs,
        cause: causeOnReturn(open.cause, rebooted),
        rebooted,
      },
    };
  }
  if ((record.state === 'online' || record.state === 'late') && rebooted === true && record.lastSeenMs !== null) {
    // It stopped and came back without ever being judged offline: record what happened, alert nothing.
    const endedAtMs = Math.min(Math.max(input.bootTimeMs, record.lastSeenMs), input.nowMs);
    return {
      record: next,
      transition,
      outage: { op: 'record_past', startedAtMs: record.lastSeenMs, endedAtMs, cause: PROVISIONAL_SILENT_CAUSE },
    };
  }
  return { record: next, transition, outage: null };
}

/** A `shutdown` event: the agent was stopped by SIGTERM (the system is going down). */
export interface ShutdownAnnounce {
  readonly nowMs: number;
  readonly bootTimeMs: number;
  /**
   * When the agent stopped (the event's `at`, agent clock). A shutdown spooled while the network was already
   * gone arrives at the next boot: the outage starts at this time, not at reception (kept within
   * [last sign of life, now]). Absent: reception time.
   */
  readonly atMs?: number;
}

/** Applies a `shutdown` event. */
export function onShutdown(record: LivenessRecord, open: OpenOutage | null, input: ShutdownAnnounce): LivenessStep {
  if (record.state === 'retired' || record.state === 'shutdown') return unchanged(record);
  const stale = bootChanged(record.bootTimeMs, input.bootTimeMs) === true && input.bootTimeMs < (record.bootTimeMs ?? 0);
  if (stale) {
    // Delivered late (the agent spooled it across a reboot): it explains the last outage, not the present.
    return { record, transition: null, outage: { op: 'relabel_last_closed', from: 'power_loss', cause: 'shutdown' } };
  }
  const atMs = Math.min(Math.max(input.atMs ?? input.nowMs, record.lastSeenMs ?? Number.NEGATIVE_INFINITY), input.nowMs);
  const next: LivenessRecord = {
    ...record,
    state: 'shutdown',
    stateSinceMs: atMs,
    lastSeenMs: input.nowMs,
    bootTimeMs: input.bootTimeMs,
    lateAtMs: null,
    offlineAtMs: null,
  };
  const transition: Transition = { from: record.state, to: 'shutdown', atMs, reason: 'shutdown_event' };
  if (record.state === 'offline' && open !== null) {
    return { record: next, transition, outage: { op: 'relabel', outageId: open.id, cause: 'shutdown', provisional: false } };
  }
  return { record: next, transition, outage: { op: 'open', startedAtMs: atMs, cause: 'shutdown', provisional: false } };
}

/** True when one of the record's stored deadlines is due at `nowMs` (what the sweep's query selects). */
export function isDue(record: LivenessRecord, nowMs: number): boolean {
  if (record.state === 'online') {
    return (record.lateAtMs !== null && record.lateAtMs <= nowMs) || (record.offlineAtMs !== null && record.offlineAtMs <= nowMs);
  }
  return record.state === 'late' && record.offlineAtMs !== null && record.offlineAtMs <= nowMs;
}

/** Applies the due deadline(s): `online → late`, `late → offline`, or straight `online → offline`. */
export function onDeadline(record: LivenessRecord, nowMs: number): LivenessStep {
  if (!isDue(record, nowMs)) return unchanged(record);
  const offlineAt = record.offlineAtMs;
  if (offlineAt !== null && offlineAt <= nowMs) {
    const startedAtMs = record.lastSeenMs ?? offlineAt;
    return {
      record: { ...record, state: 'offline', stateSinceMs: offlineAt, lateAtMs: null, offlineAtMs: null },
      transition: { from: record.state, to: 'offline', atMs: offlineAt, reason: 'offline_deadline' },
      outage: { op: 'open', startedAtMs, cause: PROVISIONAL_SILENT_CAUSE, provisional: true },
    };
  }
  const lateAt = record.lateAtMs ?? nowMs;
  return {
    record: { ...record, state: 'late', stateSinceMs: lateAt, lateAtMs: null },
    transition: { from: 'online', to: 'late', atMs: lateAt, reason: 'late_deadline' },
    outage: null,
  };
}

/** Takes a server out of the fleet; an open outage ends now with its cause as it stands. */
export function onRetire(record: LivenessRecord, open: OpenOutage | null, nowMs: number): LivenessStep {
  if (record.state === 'retired') return unchanged(record);
  return {
    record: { ...record, state: 'retired', stateSinceMs: nowMs, lateAtMs: null, offlineAtMs: null },
    transition: { from: record.state, to: 'retired', atMs: nowMs, reason: 'retired' },
    outage: open === null ? null : { op: 'close', outageId: open.id, endedAtMs: nowMs, cause: open.cause, rebooted: null },
  };
}

/** Brings a retired server back: `unknown` until it reports. */
export function onReinstate(record: LivenessRecord, nowMs: number): LivenessStep {
  if (record.state !== 'retired') return unchanged(record);
  return {
    record: { ...record, state: 'unknown', stateSinceMs: nowMs, lateAtMs: null, offlineAtMs: null },
    transition: { from: 'retired', to: 'unknown', atMs: nowMs, reason: 'reinstated' },
    outage: null,
  };
}
