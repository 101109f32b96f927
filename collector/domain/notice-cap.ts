/**
 * The per-channel cap on grouped notices (`notifications.grouping.maxPerHourPerChannel`): a sliding window of
 * one hour over the instants the channel's batches were claimed. Pure arithmetic; the dispatcher reads the
 * instants from the outbox, so a restart forgets nothing.
 */

export const CAP_WINDOW_MS = 3_600_000;

/**
 * The first instant at or after `atMs` when one more send fits: fewer than `cap` sends in the window
 * `(t - windowMs, t]`. `sentAtMs` are past send instants (any order, none after `atMs` matters less: they
 * count as in the window).
 */
export function nextAllowedAtMs(sentAtMs: readonly number[], cap: number, atMs: number, windowMs: number = CAP_WINDOW_MS): number {
  if (cap <= 0) return Number.POSITIVE_INFINITY;
  const recent = sentAtMs.filter((s) => s > atMs - windowMs).sort((a, b) => a - b);
  if (recent.length < cap) return atMs;
  // The window must slide past the send that leaves cap - 1 sends after it.
  return Math.max(atMs, recent[recent.length - cap]! + windowMs);
}

/** Whether one more send fits at `nowMs`. */
export function capAllows(sentAtMs: readonly number[], cap: number, nowMs: number, windowMs: number = CAP_WINDOW_MS): boolean {
  return nextAllowedAtMs(sentAtMs, cap, nowMs, windowMs) <= nowMs;
}
