/**
 * The liveness vocabulary: the states a server can be in, the causes of an outage, and the record the
 * state machine reads and writes. Pure types and constants, no I/O.
 */

/** Every state a server can be in, in the order dashboards list them. */
export const LIVENESS_STATES = ['online', 'late', 'offline', 'shutdown', 'unknown', 'retired'] as const;
/**
 * - `online`: heartbeats arrive on time.
 * - `late`: a heartbeat is overdue, but not yet for the full offline delay (shown, never alerted).
 * - `offline`: silent for the offline delay, nothing announced (an outage is open).
 * - `shutdown`: the agent announced a shutdown (an outage with cause `shutdown` is open).
 * - `unknown`: enrolled, never reported.
 * - `retired`: taken out of the fleet; ignored by the sweep and the alert policy.
 */
export type LivenessState = (typeof LIVENESS_STATES)[number];

/** Why a server went silent (also the `cause` label of `scribe_server_outages_total`). */
export const OUTAGE_CAUSES = ['shutdown', 'power_loss', 'network', 'site'] as const;
/**
 * - `shutdown`: announced by the agent (a `shutdown` event arrived).
 * - `power_loss`: power loss or crash: nothing announced and the boot time changed (provisional while the server
 *   is still silent: nothing announced yet, so this is the most likely cause until it comes back).
 * - `network`: network or collector-side gap: the boot time did not change across the gap (it never stopped).
 * - `site`: every server of one school (UAI) went silent at once.
 */
export type OutageCause = (typeof OUTAGE_CAUSES)[number];

/** What is known beyond the cause (stored with the outage as `cause_detail`; only `power_loss` has one). */
export const CAUSE_DETAILS = ['ups_exhausted'] as const;
/**
 * - `ups_exhausted`: the server went silent while it ran on its UPS battery (the last heartbeat said `OB`):
 *   the mains power was off and the battery ran out.
 */
export type CauseDetail = (typeof CAUSE_DETAILS)[number];

/** What the state machine knows about one server. Instants are UTC epoch milliseconds. */
export interface LivenessRecord {
  readonly serverId: number;
  readonly uai: string;
  readonly state: LivenessState;
  /** When the current state began. */
  readonly stateSinceMs: number;
  /** Last sign of life (heartbeat or event), collector clock; null when never seen. */
  readonly lastSeenMs: number | null;
  /** Heartbeat interval the agent announced last, in seconds. */
  readonly intervalSeconds: number | null;
  /** Boot time of the server's current boot as last reported (agent clock). */
  readonly bootTimeMs: number | null;
  /** Stored deadline: the server becomes `late` at this instant unless it reports (null when not applicable). */
  readonly lateAtMs: number | null;
  /** Stored deadline: the server becomes `offline` at this instant unless it reports. */
  readonly offlineAtMs: number | null;
}

/** Why a transition happened. */
export type TransitionReason =
  | 'first_heartbeat'
  | 'heartbeat'
  | 'startup_event'
  | 'shutdown_event'
  | 'late_deadline'
  | 'offline_deadline'
  | 'retired'
  | 'reinstated';

/** One row of the history: a change of state. */
export interface Transition {
  readonly from: LivenessState;
  readonly to: LivenessState;
  readonly atMs: number;
  readonly reason: TransitionReason;
}

/** States in which a server is considered up (`scribe_server_up` = 1). */
export function isUp(state: LivenessState): boolean {
  return state === 'online' || state === 'late';
}

/** States in which an outage is open. */
export function isDown(state: LivenessState): boolean {
  return state === 'offline' || state === 'shutdown';
}
