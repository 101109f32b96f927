/**
 * How far a server's clock is from the collector's, from one heartbeat (pure). The agent stamps `sentAt` with
 * its clock just before sending; the collector notes the arrival with its own. The message travelled about
 * half the round trip the agent measured for its previous push (`lastRoundTripMs`, optional), so:
 *
 *     skew = sentAt − (arrival − roundTrip / 2)
 *
 * Positive: the server's clock is ahead. Without a round trip, the one-way delay counts as skew (on a school
 * link, well under a second: far below the 5-minute alert threshold). Liveness never uses this: the
 * collector judges every server by its own clock.
 */
export function clockSkewSeconds(sentAtMs: number, arrivedAtMs: number, roundTripMs?: number): number {
  const oneWayMs = roundTripMs === undefined ? 0 : roundTripMs / 2;
  return (sentAtMs - (arrivedAtMs - oneWayMs)) / 1000;
}

/** Beyond this skew Kerberos refuses tickets (its default tolerance) and the school's Active Directory logons fail. */
export const CLOCK_SKEW_ALERT_SECONDS = 300;
