import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_POLICY,
  HOUR_MS,
  planOnReturn,
  planWhileDown,
  type AlertPolicy,
  type NoticeContext,
  type OutageNotices,
} from '../../../../collector/domain/alert-policy.ts';
import type { Silence } from '../../../../collector/domain/silences.ts';

const T0 = Date.parse('2025-07-10T08:00:00Z');
const M = 60_000;
const policy: AlertPolicy = { outsideWindow: 'warning', reminderEveryMs: 4 * HOUR_MS, maxDownNoticesPerHour: 3 };
const window = { name: 'Bascule 2025', startMs: T0 - 5 * 24 * HOUR_MS, endMs: T0 + 60 * 24 * HOUR_MS, timeZone: 'Europe/Paris' };
const silence: Silence = { id: 1, uai: '0860021F', machine: null, startsAtMs: T0 - HOUR_MS, endsAtMs: T0 + 2 * HOUR_MS, reason: 'travaux électriques', createdBy: 'admin' };

const fresh: OutageNotices = { downNotifiedAtMs: null, lastNoticeAtMs: null, notifiedSeverity: null, notBeforeMs: T0 };
function ctx(over: Partial<NoticeContext> = {}): NoticeContext {
  return { nowMs: T0, window, nextWindowStartMs: null, silence: null, recentDownNoticesMs: [], ...over };
}

describe('planWhileDown: the down notice', () => {
  it.each<{ name: string; outage?: OutageNotices; ctx: NoticeContext; policy?: AlertPolicy; expected: unknown }>([
    {
      name: 'inside the maintenance window: critical, next look at the reminder',
      ctx: ctx(),
      expected: { action: 'send', kind: 'down', severity: 'critical', nextCheckAtMs: T0 + 4 * HOUR_MS },
    },
    {
      name: 'outside any window with outsideWindow=warning: warning, next look at the earlier of reminder and window start',
      ctx: ctx({ window: null, nextWindowStartMs: T0 + HOUR_MS }),
      expected: { action: 'send', kind: 'down', severity: 'warning', nextCheckAtMs: T0 + HOUR_MS },
    },
    {
      name: 'outside any window with outsideWindow=none: waits for the next window start',
      ctx: ctx({ window: null, nextWindowStartMs: T0 + 3 * HOUR_MS }),
      policy: { ...policy, outsideWindow: 'none' },
      expected: { action: 'wait', reason: 'outside_window', untilMs: T0 + 3 * HOUR_MS },
    },
    {
      name: 'outside with none and no window planned: nothing, ever',
      ctx: ctx({ window: null }),
      policy: { ...policy, outsideWindow: 'none' },
      expected: { action: 'wait', reason: 'outside_window', untilMs: null },
    },
    {
      name: 'hold-down (announced shutdown, maybe a reboot): waits until not-before',
      outage: { ...fresh, notBeforeMs: T0 + 3 * M },
      ctx: ctx(),
      expected: { action: 'wait', reason: 'hold_down', untilMs: T0 + 3 * M },
    },
    {
      name: 'silenced: waits for the end of the silence',
      ctx: ctx({ silence }),
      expected: { action: 'wait', reason: 'silenced', untilMs: T0 + 2 * HOUR_MS },
    },
    {
      name: 'flapping: 3 down notices in the last hour → waits until the oldest leaves the hour',
      ctx: ctx({ recentDownNoticesMs: [T0 - 50 * M, T0 - 30 * M, T0 - 10 * M] }),
      expected: { action: 'wait', reason: 'flapping', untilMs: T0 + 10 * M },
    },
    {
      name: 'not flapping: older notices do not count',
      ctx: ctx({ recentDownNoticesMs: [T0 - 70 * M, T0 - 61 * M, T0 - 10 * M] }),
      expected: { action: 'send', kind: 'down', severity: 'critical', nextCheckAtMs: T0 + 4 * HOUR_MS },
    },
    {
      name: 'no reminders configured and critical: nothing more to look at',
      ctx: ctx(),
      policy: { ...policy, reminderEveryMs: 0 },
      expected: { action: 'send', kind: 'down', severity: 'critical', nextCheckAtMs: null },
    },
  ])('$name', (c) => {
    expect(planWhileDown(c.outage ?? fresh, c.ctx, c.policy ?? policy)).toEqual(c.expected);
  });
});

describe('planWhileDown: reminders and escalation (no duplicates)', () => {
  const notified: OutageNotices = { downNotifiedAtMs: T0, lastNoticeAtMs: T0, notifiedSeverity: 'critical', notBeforeMs: T0 };
  it.each<{ name: string; outage: OutageNotices; ctx: NoticeContext; policy?: AlertPolicy; expected: unknown }>([
    {
      name: 'a second look before the reminder is due sends nothing (no duplicate down notice)',
      outage: notified,
      ctx: ctx({ nowMs: T0 + HOUR_MS }),
      expected: { action: 'wait', reason: 'not_due', untilMs: T0 + 4 * HOUR_MS },
    },
    {
      name: 'reminder when due, with the severity of the moment',
      outage: notified,
      ctx: ctx({ nowMs: T0 + 4 * HOUR_MS }),
      expected: { action: 'send', kind: 'reminder', severity: 'critical', nextCheckAtMs: T0 + 8 * HOUR_MS },
    },
    {
      name: 'a reminder counts from the last notice',
      outage: { ...notified, lastNoticeAtMs: T0 + 4 * HOUR_MS },
      ctx: ctx({ nowMs: T0 + 5 * HOUR_MS }),
      expected: { action: 'wait', reason: 'not_due', untilMs: T0 + 8 * HOUR_MS },
    },
    {
      name: 'a silenced reminder waits for the end of the silence',
      outage: notified,
      ctx: ctx({ nowMs: T0 + 4 * HOUR_MS, silence: { ...silence, endsAtMs: T0 + 6 * HOUR_MS } }),
      expected: { action: 'wait', reason: 'silenced', untilMs: T0 + 6 * HOUR_MS },
    },
    {
      name: 'a warning outage still open when the window opens is re-sent as critical at once',
      outage: { ...notified, notifiedSeverity: 'warning' },
      ctx: ctx({ nowMs: T0 + HOUR_MS }),
      expected: { action: 'send', kind: 'reminder', severity: 'critical', nextCheckAtMs: T0 + 5 * HOUR_MS },
    },
    {
      name: 'a warning outage outside the window waits for the earlier of reminder and window start',
      outage: { ...notified, notifiedSeverity: 'warning' },
      ctx: ctx({ nowMs: T0 + HOUR_MS, window: null, nextWindowStartMs: T0 + 2 * HOUR_MS }),
      expected: { action: 'wait', reason: 'not_due', untilMs: T0 + 2 * HOUR_MS },
    },
    {
      name: 'no reminders configured: nothing to do once notified',
      outage: notified,
      ctx: ctx({ nowMs: T0 + 9 * HOUR_MS }),
      policy: { ...policy, reminderEveryMs: 0 },
      expected: { action: 'wait', reason: 'nothing_to_do', untilMs: null },
    },
  ])('$name', (c) => {
    expect(planWhileDown(c.outage, c.ctx, c.policy ?? policy)).toEqual(c.expected);
  });
});

describe('planOnReturn: the back-online notice', () => {
  it('is always sent after a down notice', () => {
    expect(planOnReturn({ downNotifiedAtMs: T0 })).toEqual({ action: 'send', kind: 'up', severity: 'info', nextCheckAtMs: null });
  });
  it('is not sent for an outage nobody was told about (silenced, held down, outside the window)', () => {
    expect(planOnReturn({ downNotifiedAtMs: null })).toMatchObject({ action: 'wait' });
  });
});

describe('flapping over an hour (simulation)', () => {
  it('bounds down notices to maxDownNoticesPerHour per server, and every down has its back-online notice', () => {
    // The server goes off and on every 5 minutes for 2 hours.
    const sent: { kind: string; at: number }[] = [];
    const downs: number[] = [];
    for (let i = 0; i < 24; i += 1) {
      const offAt = T0 + i * 5 * M;
      const plan = planWhileDown(fresh, ctx({ nowMs: offAt, recentDownNoticesMs: downs }), DEFAULT_ALERT_POLICY);
      let notified: number | null = null;
      if (plan.action === 'send') {
        downs.push(offAt);
        notified = offAt;
        sent.push({ kind: 'down', at: offAt });
      }
      const back = planOnReturn({ downNotifiedAtMs: notified });
      if (back.action === 'send') sent.push({ kind: 'up', at: offAt + 2 * M });
    }
    for (let start = T0; start < T0 + 2 * HOUR_MS; start += 5 * M) {
      const inHour = sent.filter((s) => s.kind === 'down' && s.at >= start && s.at < start + HOUR_MS);
      expect(inHour.length).toBeLessThanOrEqual(DEFAULT_ALERT_POLICY.maxDownNoticesPerHour);
    }
    expect(sent.filter((s) => s.kind === 'down').length).toBe(sent.filter((s) => s.kind === 'up').length);
    expect(sent.length).toBeGreaterThan(0);
  });
});
