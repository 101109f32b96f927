/**
 * UPS episodes: a server running on its UPS battery while it still beats (the mains power is off). Pure rules
 * deciding, from the episode open for a server and the UPS reading of a heartbeat, what to record and whether
 * to queue the « sur batterie » notice or its resolution. No I/O.
 *
 * Rules:
 * 1. An episode opens on the first heartbeat whose UPS is on battery (`OB`) and closes on the first one whose
 *    UPS is on line power again. A heartbeat without UPS reading changes nothing (unknown, not "back on line").
 * 2. The on-battery notice is queued when the episode opens: `critical` inside a maintenance window, `warning`
 *    outside (or nothing with `liveness.outsideWindow: none`), nothing while a silence covers the server.
 * 3. The first low-battery reading (`LB`) of an episode is recorded (no second notice).
 * 4. The back-on-line-power notice is queued only when the on-battery notice was, whatever silences say.
 * 5. While an episode is open the server's last known power source is the battery: if it then goes silent, the
 *    outage is a power cut with the UPS battery exhausted (see {@link causeDetailOnSilence}).
 */
import type { UpsReading } from '../../shared/protocol/index.ts';
import type { AlertPolicy } from './alert-policy.ts';
import type { CauseDetail, OutageCause } from './liveness-state.ts';
import type { WindowRange } from './maintenance-windows.ts';
import type { Severity } from './notice-vocabulary.ts';
import type { Silence } from './silences.ts';

/** The episode open for a server, as the rules need it. */
export interface OpenUpsEpisode {
  readonly id: number;
  readonly lowBatteryAtMs: number | null;
  /** Severity of the on-battery notice queued for it; null when none was. */
  readonly notifiedSeverity: Severity | null;
}

export interface UpsContext {
  readonly window: WindowRange | null;
  readonly silence: Silence | null;
  readonly policy: Pick<AlertPolicy, 'outsideWindow'>;
}

export type UpsStep =
  | { readonly op: 'none' }
  | { readonly op: 'open'; readonly lowBattery: boolean; readonly notify: Severity | null }
  | { readonly op: 'low_battery'; readonly episodeId: number }
  | { readonly op: 'close'; readonly episodeId: number; readonly notify: Severity | null };

/** The severity of an on-battery notice queued now, or null when none is (rule 2). */
export function onBatterySeverity(ctx: UpsContext): Severity | null {
  if (ctx.silence !== null) return null;
  if (ctx.window !== null) return 'critical';
  return ctx.policy.outsideWindow === 'warning' ? 'warning' : null;
}

/** What a heartbeat's UPS reading does to the server's episode (rules 1–4). */
export function upsStepOnHeartbeat(open: OpenUpsEpisode | null, reading: UpsReading | undefined, ctx: UpsContext): UpsStep {
  if (reading === undefined) return { op: 'none' };
  if (reading.onBattery) {
    if (open === null) return { op: 'open', lowBattery: reading.lowBattery, notify: onBatterySeverity(ctx) };
    if (reading.lowBattery && open.lowBatteryAtMs === null) return { op: 'low_battery', episodeId: open.id };
    return { op: 'none' };
  }
  if (open === null) return { op: 'none' };
  return { op: 'close', episodeId: open.id, notify: open.notifiedSeverity === null ? null : open.notifiedSeverity === 'critical' ? 'critical' : 'warning' };
}

/**
 * The detail of an outage opening now (rule 5): a server that went silent while on battery lost its power when
 * the UPS battery ran out. Only a silent, unannounced outage (`power_loss`) gets it.
 */
export function causeDetailOnSilence(cause: OutageCause, openEpisode: OpenUpsEpisode | null): CauseDetail | null {
  return cause === 'power_loss' && openEpisode !== null ? 'ups_exhausted' : null;
}
