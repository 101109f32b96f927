/**
 * How an outage is explained. Evidence: an announced shutdown (a `shutdown` event), the boot time before and
 * after the gap (changed = the server stopped; unchanged = it never stopped, the gap was on the network or
 * collector side), and the silence of the whole school at once.
 */
import type { LivenessState, OutageCause } from './liveness-state.ts';

/** Boot times computed by agents (now − uptime) jitter by a few seconds; a real reboot moves them far more. */
export const DEFAULT_BOOT_TOLERANCE_MS = 60_000;

/** True when the boot time changed (the server rebooted), null when there is nothing to compare with. */
export function bootChanged(
  previousBootMs: number | null,
  nextBootMs: number,
  toleranceMs: number = DEFAULT_BOOT_TOLERANCE_MS,
): boolean | null {
  if (previousBootMs === null) return null;
  return Math.abs(nextBootMs - previousBootMs) > toleranceMs;
}

/**
 * The cause given while a server is silent and nothing was announced: "probable power loss or crash"
 * (provisional until it returns and its boot time tells more).
 */
export const PROVISIONAL_SILENT_CAUSE: OutageCause = 'power_loss';

/**
 * The final cause when a server comes back:
 * - an announced shutdown stays `shutdown`;
 * - a site-wide outage stays `site` (whether the site lost power or network is in `rebooted`);
 * - otherwise a changed boot time means `power_loss` (power loss or crash), an unchanged one `network`;
 * - with no boot time to compare, the provisional cause is kept.
 */
export function causeOnReturn(openCause: OutageCause, rebooted: boolean | null): OutageCause {
  if (openCause === 'shutdown' || openCause === 'site') return openCause;
  if (rebooted === null) return openCause;
  return rebooted ? 'power_loss' : 'network';
}

/**
 * Site-wide silence: every non-retired server of one UAI is offline at once. Needs at least two servers: with a
 * single server the school and the server cannot be told apart, and its own cause is more precise.
 */
export function isSiteWide(statesOfUai: readonly LivenessState[]): boolean {
  const active = statesOfUai.filter((s) => s !== 'retired');
  return active.length >= 2 && active.every((s) => s === 'offline');
}
