/**
 * The alert policy, in one place (healthchecks' `select_channels`). Pure: it reads what is known about an
 * outage and the context at `nowMs`, and says whether to send a notice now or when to look again. The caller
 * stores `untilMs`/`nextCheckAtMs` as the outage's `next_notice_at_ms` deadline, so the sweep comes back
 * exactly then, restarts included.
 *
 * Rules:
 * 1. Only outages are notified: the first report of a new server (`unknown → online`) and `late` say nothing.
 * 2. At most one down notice per outage (no duplicates); later ones are reminders.
 * 3. A down notice waits until the server has been silent for the hold-down (an announced shutdown is only
 *    notified if the server is still off one offline delay later: a reboot makes no alert pair).
 * 4. A silence (server or whole school) holds down notices and reminders back until it ends.
 * 5. Severity: inside a maintenance window `critical`; outside, `warning` or nothing (`outsideWindow`);
 *    with nothing, the notice waits for the next window start (a server still off when the window opens is
 *    reported then). A warning outage that is still open when a window opens is re-sent as `critical` then.
 * 6. Flapping: at most `maxDownNoticesPerHour` down notices per server in any hour; beyond that the down notice
 *    waits until the oldest one leaves the hour (it is sent then if the server is still off).
 * 7. Reminders every `reminderEveryMs` while still down (0 = none), with the severity of the moment.
 * 8. A back-online notice is always sent when a down notice was sent for the outage (silence and flapping
 *    do not hide it), and never otherwise.
 */
import type { WindowRange } from './maintenance-windows.ts';
import type { NoticeKind, Severity } from './notice-vocabulary.ts';
import type { Silence } from './silences.ts';

export interface AlertPolicy {
  /** What an outage outside every maintenance window raises. */
  readonly outsideWindow: 'warning' | 'none';
  /** Interval between reminders while a server stays down; 0 disables reminders. */
  readonly reminderEveryMs: number;
  /** Flapping damping: bound on down notices per server per rolling hour. */
  readonly maxDownNoticesPerHour: number;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  outsideWindow: 'warning',
  reminderEveryMs: 4 * 3_600_000,
  maxDownNoticesPerHour: 3,
};

export const HOUR_MS = 3_600_000;

/** What the policy needs to know about an open outage's notices so far. */
export interface OutageNotices {
  /** When the down notice was queued; null when none was. */
  readonly downNotifiedAtMs: number | null;
  /** When the last notice (down or reminder) was queued. */
  readonly lastNoticeAtMs: number | null;
  readonly notifiedSeverity: Severity | null;
  /** Earliest instant a down notice may go out (hold-down). */
  readonly notBeforeMs: number;
}

export interface NoticeContext {
  readonly nowMs: number;
  readonly window: WindowRange | null;
  readonly nextWindowStartMs: number | null;
  readonly silence: Silence | null;
  /** When the down notices of this server were queued (any outage), at least those of the last hour. */
  readonly recentDownNoticesMs: readonly number[];
}

export type WaitReason = 'hold_down' | 'silenced' | 'outside_window' | 'flapping' | 'not_due' | 'nothing_to_do';

export type NoticePlan =
  | { readonly action: 'send'; readonly kind: NoticeKind; readonly severity: Severity; readonly nextCheckAtMs: number | null }
  | { readonly action: 'wait'; readonly reason: WaitReason; readonly untilMs: number | null };

function severityNow(ctx: NoticeContext, policy: AlertPolicy): Severity | null {
  if (ctx.window !== null) return 'critical';
  return policy.outsideWindow === 'warning' ? 'warning' : null;
}

function minDefined(...values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : Math.min(...defined);
}

/** After sending with `severity`: when to look again (next reminder, or the window start that escalates it). */
function nextCheckAfterSend(severity: Severity, ctx: NoticeContext, policy: AlertPolicy): number | null {
  const reminder = policy.reminderEveryMs > 0 ? ctx.nowMs + policy.reminderEveryMs : null;
  const escalation = severity === 'critical' ? null : ctx.nextWindowStartMs;
  return minDefined(reminder, escalation);
}

/** Decides, while an outage is open, whether a down notice or a reminder goes out now (rules 2–7). */
export function planWhileDown(outage: OutageNotices, ctx: NoticeContext, policy: AlertPolicy): NoticePlan {
  if (outage.downNotifiedAtMs === null) {
    if (ctx.nowMs < outage.notBeforeMs) return { action: 'wait', reason: 'hold_down', untilMs: outage.notBeforeMs };
    if (ctx.silence !== null) return { action: 'wait', reason: 'silenced', untilMs: ctx.silence.endsAtMs };
    const severity = severityNow(ctx, policy);
    if (severity === null) return { action: 'wait', reason: 'outside_window', untilMs: ctx.nextWindowStartMs };
    const inHour = ctx.recentDownNoticesMs.filter((t) => t > ctx.nowMs - HOUR_MS && t <= ctx.nowMs);
    if (inHour.length >= policy.maxDownNoticesPerHour) {
      return { action: 'wait', reason: 'flapping', untilMs: Math.min(...inHour) + HOUR_MS };
    }
    return { action: 'send', kind: 'down', severity, nextCheckAtMs: nextCheckAfterSend(severity, ctx, policy) };
  }

  const escalates = ctx.window !== null && outage.notifiedSeverity !== 'critical';
  const reminderDue =
    policy.reminderEveryMs > 0 ? (outage.lastNoticeAtMs ?? outage.downNotifiedAtMs) + policy.reminderEveryMs : null;
  if (!escalates && (reminderDue === null || ctx.nowMs < reminderDue)) {
    const untilMs = minDefined(reminderDue, outage.notifiedSeverity === 'critical' ? null : ctx.nextWindowStartMs);
    return { action: 'wait', reason: untilMs === null ? 'nothing_to_do' : 'not_due', untilMs };
  }
  if (ctx.silence !== null) return { action: 'wait', reason: 'silenced', untilMs: ctx.silence.endsAtMs };
  const severity = severityNow(ctx, policy);
  if (severity === null) return { action: 'wait', reason: 'outside_window', untilMs: ctx.nextWindowStartMs };
  return { action: 'send', kind: 'reminder', severity, nextCheckAtMs: nextCheckAfterSend(severity, ctx, policy) };
}

/** Decides whether the end of an outage is notified (rule 8). */
export function planOnReturn(outage: Pick<OutageNotices, 'downNotifiedAtMs'>): NoticePlan {
  if (outage.downNotifiedAtMs === null) return { action: 'wait', reason: 'nothing_to_do', untilMs: null };
  return { action: 'send', kind: 'up', severity: 'info', nextCheckAtMs: null };
}
