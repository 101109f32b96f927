import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_POLICY, withStartupGrace } from '../../../../collector/domain/deadlines.ts';
import type { LivenessRecord } from '../../../../collector/domain/liveness-state.ts';
import {
  isDue,
  onDeadline,
  onReinstate,
  onRetire,
  onShutdown,
  onSignOfLife,
  type OpenOutage,
} from '../../../../collector/domain/liveness-machine.ts';

const T0 = Date.parse('2025-07-10T08:00:00Z');
const S = 1000;
const BOOT = Date.parse('2025-07-01T06:00:00Z');
const NEW_BOOT = Date.parse('2025-07-10T08:05:00Z');
const policy = DEFAULT_DEADLINE_POLICY; // offline after 3 missed heartbeats

function record(over: Partial<LivenessRecord> = {}): LivenessRecord {
  return {
    serverId: 1,
    uai: '0860021F',
    state: 'online',
    stateSinceMs: T0 - 3_600 * S,
    lastSeenMs: T0,
    intervalSeconds: 60,
    bootTimeMs: BOOT,
    lateAtMs: T0 + 90 * S,
    offlineAtMs: T0 + 180 * S,
    ...over,
  };
}

const openPowerLoss: OpenOutage = { id: 7, startedAtMs: T0, cause: 'power_loss', provisional: true };
const openShutdown: OpenOutage = { id: 8, startedAtMs: T0, cause: 'shutdown', provisional: false };
const openSite: OpenOutage = { id: 9, startedAtMs: T0, cause: 'site', provisional: true };

describe('onSignOfLife (heartbeat / startup event)', () => {
  const cases: {
    name: string;
    rec: LivenessRecord;
    open: OpenOutage | null;
    nowMs: number;
    boot: number;
    kind?: 'heartbeat' | 'startup';
    to: string;
    transition: string | null;
    outage: unknown;
  }[] = [
    {
      name: 'the first heartbeat of an enrolled server makes it online, with no outage (no alert on unknown→online)',
      rec: record({ state: 'unknown', lastSeenMs: null, intervalSeconds: null, bootTimeMs: null, lateAtMs: null, offlineAtMs: null }),
      open: null,
      nowMs: T0,
      boot: BOOT,
      to: 'online',
      transition: 'unknown→online first_heartbeat',
      outage: null,
    },
    {
      name: 'an on-time heartbeat keeps it online without a transition',
      rec: record(),
      open: null,
      nowMs: T0 + 60 * S,
      boot: BOOT + 2 * S,
      to: 'online',
      transition: null,
      outage: null,
    },
    {
      name: 'a late server that reports is online again, nothing opened',
      rec: record({ state: 'late', lateAtMs: null }),
      open: null,
      nowMs: T0 + 120 * S,
      boot: BOOT,
      to: 'online',
      transition: 'late→online heartbeat',
      outage: null,
    },
    {
      name: 'back from offline with a new boot time: power loss or crash',
      rec: record({ state: 'offline', lateAtMs: null, offlineAtMs: null }),
      open: openPowerLoss,
      nowMs: T0 + 600 * S,
      boot: NEW_BOOT,
      to: 'online',
      transition: 'offline→online heartbeat',
      outage: { op: 'close', outageId: 7, endedAtMs: T0 + 600 * S, cause: 'power_loss', rebooted: true },
    },
    {
      name: 'back from offline with the same boot time: network or collector-side gap',
      rec: record({ state: 'offline', lateAtMs: null, offlineAtMs: null }),
      open: openPowerLoss,
      nowMs: T0 + 600 * S,
      boot: BOOT + 3 * S,
      to: 'online',
      transition: 'offline→online heartbeat',
      outage: { op: 'close', outageId: 7, endedAtMs: T0 + 600 * S, cause: 'network', rebooted: false },
    },
    {
      name: 'back from an announced shutdown: the cause stays shutdown',
      rec: record({ state: 'shutdown', lateAtMs: null, offlineAtMs: null }),
      open: openShutdown,
      nowMs: T0 + 600 * S,
      boot: NEW_BOOT,
      kind: 'startup',
      to: 'online',
      transition: 'shutdown→online startup_event',
      outage: { op: 'close', outageId: 8, endedAtMs: T0 + 600 * S, cause: 'shutdown', rebooted: true },
    },
    {
      name: 'back from a site-wide outage: the cause stays site',
      rec: record({ state: 'offline', lateAtMs: null, offlineAtMs: null }),
      open: openSite,
      nowMs: T0 + 600 * S,
      boot: NEW_BOOT,
      to: 'online',
      transition: 'offline→online heartbeat',
      outage: { op: 'close', outageId: 9, endedAtMs: T0 + 600 * S, cause: 'site', rebooted: true },
    },
    {
      name: 'a reboot never judged offline is recorded as a past outage, without any transition',
      rec: record(),
      open: null,
      nowMs: T0 + 150 * S,
      boot: T0 + 100 * S,
      to: 'online',
      transition: null,
      outage: { op: 'record_past', startedAtMs: T0, endedAtMs: T0 + 100 * S, cause: 'power_loss' },
    },
    {
      name: 'a retired server ignores heartbeats',
      rec: record({ state: 'retired', lateAtMs: null, offlineAtMs: null }),
      open: null,
      nowMs: T0 + 60 * S,
      boot: BOOT,
      to: 'retired',
      transition: null,
      outage: null,
    },
  ];

  it.each(cases)('$name', (c) => {
    const step = onSignOfLife(
      c.rec,
      c.open,
      { kind: c.kind ?? 'heartbeat', nowMs: c.nowMs, intervalSeconds: c.kind === 'startup' ? null : 60, bootTimeMs: c.boot },
      policy,
    );
    expect(step.record.state).toBe(c.to);
    expect(step.transition === null ? null : `${step.transition.from}→${step.transition.to} ${step.transition.reason}`).toBe(
      c.transition,
    );
    expect(step.outage).toEqual(c.outage);
    if (c.to === 'online') {
      expect(step.record.lastSeenMs).toBe(c.nowMs);
      expect(step.record.lateAtMs).toBe(c.nowMs + 90 * S);
      expect(step.record.offlineAtMs).toBe(c.nowMs + 180 * S);
    }
  });

  it('uses the interval the heartbeat announces for the deadlines', () => {
    const step = onSignOfLife(record(), null, { kind: 'heartbeat', nowMs: T0, intervalSeconds: 1, bootTimeMs: BOOT }, policy);
    expect(step.record).toMatchObject({ intervalSeconds: 1, lateAtMs: T0 + 1_500, offlineAtMs: T0 + 3_000 });
  });

  it('honours an absolute "offline after" (heartbeat 1 s, offline after 2 s)', () => {
    const step = onSignOfLife(record(), null, { kind: 'heartbeat', nowMs: T0, intervalSeconds: 1, bootTimeMs: BOOT }, {
      offlineAfterHeartbeats: 3,
      offlineAfterSeconds: 2,
    });
    expect(step.record).toMatchObject({ lateAtMs: T0 + 1_500, offlineAtMs: T0 + 2_000 });
  });

  it('keeps state_since for an online server and moves it on a transition', () => {
    const same = onSignOfLife(record(), null, { kind: 'heartbeat', nowMs: T0 + 60 * S, intervalSeconds: 60, bootTimeMs: BOOT }, policy);
    expect(same.record.stateSinceMs).toBe(T0 - 3_600 * S);
    const back = onSignOfLife(record({ state: 'late' }), null, { kind: 'heartbeat', nowMs: T0 + 99 * S, intervalSeconds: 60, bootTimeMs: BOOT }, policy);
    expect(back.record.stateSinceMs).toBe(T0 + 99 * S);
  });
});

describe('onDeadline (the sweep)', () => {
  const cases: { name: string; rec: LivenessRecord; nowMs: number; to: string; at: number | null; opens: boolean }[] = [
    { name: 'nothing due before late-at', rec: record(), nowMs: T0 + 89 * S, to: 'online', at: null, opens: false },
    { name: 'online → late at late-at', rec: record(), nowMs: T0 + 90 * S, to: 'late', at: T0 + 90 * S, opens: false },
    {
      name: 'late → offline at offline-at, transition dated at the deadline',
      rec: record({ state: 'late', lateAtMs: null }),
      nowMs: T0 + 180 * S + 400,
      to: 'offline',
      at: T0 + 180 * S,
      opens: true,
    },
    {
      name: 'online → offline straight when both deadlines passed (sweep was late)',
      rec: record(),
      nowMs: T0 + 500 * S,
      to: 'offline',
      at: T0 + 180 * S,
      opens: true,
    },
    { name: 'an offline server has no deadline', rec: record({ state: 'offline', lateAtMs: null, offlineAtMs: null }), nowMs: T0 + 999 * S, to: 'offline', at: null, opens: false },
    { name: 'a shut-down server has no deadline', rec: record({ state: 'shutdown', lateAtMs: null, offlineAtMs: null }), nowMs: T0 + 999 * S, to: 'shutdown', at: null, opens: false },
    { name: 'an unknown server is never judged', rec: record({ state: 'unknown', lastSeenMs: null, lateAtMs: null, offlineAtMs: null }), nowMs: T0 + 999 * S, to: 'unknown', at: null, opens: false },
    { name: 'a retired server is never judged', rec: record({ state: 'retired' }), nowMs: T0 + 999 * S, to: 'retired', at: null, opens: false },
  ];

  it.each(cases)('$name', (c) => {
    const step = onDeadline(c.rec, c.nowMs);
    expect(step.record.state).toBe(c.to);
    expect(step.transition?.atMs ?? null).toBe(c.at);
    expect(isDue(c.rec, c.nowMs)).toBe(c.at !== null);
    if (c.opens) {
      expect(step.outage).toEqual({ op: 'open', startedAtMs: T0, cause: 'power_loss', provisional: true });
      expect(step.record).toMatchObject({ lateAtMs: null, offlineAtMs: null });
    } else {
      expect(step.outage).toBeNull();
    }
  });
});

describe('onShutdown (announced)', () => {
  it.each([
    { from: 'online' as const, open: null, outage: { op: 'open', startedAtMs: T0 + 30 * S, cause: 'shutdown', provisional: false } },
    { from: 'late' as const, open: null, outage: { op: 'open', startedAtMs: T0 + 30 * S, cause: 'shutdown', provisional: false } },
    { from: 'offline' as const, open: openPowerLoss, outage: { op: 'relabel', outageId: 7, cause: 'shutdown', provisional: false } },
  ])('$from → shutdown', ({ from, open, outage }) => {
    const step = onShutdown(record({ state: from }), open, { nowMs: T0 + 30 * S, bootTimeMs: BOOT });
    expect(step.record).toMatchObject({ state: 'shutdown', lateAtMs: null, offlineAtMs: null, stateSinceMs: T0 + 30 * S });
    expect(step.transition).toEqual({ from, to: 'shutdown', atMs: T0 + 30 * S, reason: 'shutdown_event' });
    expect(step.outage).toEqual(outage);
  });

  it('ignores a duplicate shutdown event', () => {
    const step = onShutdown(record({ state: 'shutdown' }), openShutdown, { nowMs: T0, bootTimeMs: BOOT });
    expect(step.transition).toBeNull();
    expect(step.outage).toBeNull();
  });

  it('a shutdown event of a previous boot delivered late re-labels the last power-loss outage', () => {
    const step = onShutdown(record({ bootTimeMs: NEW_BOOT }), null, { nowMs: T0 + 900 * S, bootTimeMs: BOOT });
    expect(step.record.state).toBe('online');
    expect(step.transition).toBeNull();
    expect(step.outage).toEqual({ op: 'relabel_last_closed', from: 'power_loss', cause: 'shutdown' });
  });
});

describe('retire / reinstate', () => {
  it('retiring closes the open outage and stops judging', () => {
    const step = onRetire(record({ state: 'offline' }), openPowerLoss, T0 + 5 * S);
    expect(step.record.state).toBe('retired');
    expect(step.outage).toEqual({ op: 'close', outageId: 7, endedAtMs: T0 + 5 * S, cause: 'power_loss', rebooted: null });
    expect(isDue(step.record, T0 + 9_999 * S)).toBe(false);
  });
  it('reinstating makes it unknown until it reports', () => {
    const step = onReinstate(record({ state: 'retired' }), T0);
    expect(step.record.state).toBe('unknown');
    expect(step.transition?.reason).toBe('reinstated');
  });
});

describe('collector start-up grace', () => {
  // The collector was down from T0+10 s to T0+20 min; it restarts at STARTED.
  const STARTED = T0 + 20 * 60 * S;
  it.each([
    { name: 'online with past deadlines: pushed one full delay after start', rec: record(), late: STARTED + 90 * S, off: STARTED + 180 * S },
    { name: 'late: offline pushed, late kept', rec: record({ state: 'late', lateAtMs: null }), late: null, off: STARTED + 180 * S },
    { name: 'deadline already later than the grace: kept', rec: record({ lateAtMs: STARTED + 500 * S, offlineAtMs: STARTED + 600 * S }), late: STARTED + 500 * S, off: STARTED + 600 * S },
  ])('$name', ({ rec, late, off }) => {
    const graced = withStartupGrace(rec, STARTED, policy);
    expect(graced.lateAtMs).toBe(late);
    expect(graced.offlineAtMs).toBe(off);
    expect(isDue(graced, STARTED + 179 * S)).toBe(late !== null && late <= STARTED + 179 * S);
  });

  it('nobody is judged offline before one full offline delay after start', () => {
    const graced = withStartupGrace(record(), STARTED, policy);
    expect(onDeadline(graced, STARTED + 179_999).record.state).not.toBe('offline');
    expect(onDeadline(graced, STARTED + 180 * S).record.state).toBe('offline');
  });

  it('a server whose boot time is unchanged after the collector gap never stopped: no outage, no transition', () => {
    const graced = withStartupGrace(record(), STARTED, policy);
    const step = onSignOfLife(graced, null, { kind: 'heartbeat', nowMs: STARTED + 5 * S, intervalSeconds: 60, bootTimeMs: BOOT + S }, policy);
    expect(step.transition).toBeNull();
    expect(step.outage).toBeNull();
  });

  it('a server that rebooted while the collector was down gets a past outage, not an "offline now" state', () => {
    const graced = withStartupGrace(record(), STARTED, policy);
    const step = onSignOfLife(graced, null, { kind: 'heartbeat', nowMs: STARTED + 5 * S, intervalSeconds: 60, bootTimeMs: T0 + 15 * 60 * S }, policy);
    expect(step.record.state).toBe('online');
    expect(step.transition).toBeNull();
    expect(step.outage).toEqual({ op: 'record_past', startedAtMs: T0, endedAtMs: T0 + 15 * 60 * S, cause: 'power_loss' });
  });

  it.each(['offline', 'shutdown', 'unknown', 'retired'] as const)('leaves a %s server as it is', (state) => {
    const rec = record({ state, lateAtMs: null, offlineAtMs: null });
    expect(withStartupGrace(rec, STARTED, policy)).toBe(rec);
  });
});
