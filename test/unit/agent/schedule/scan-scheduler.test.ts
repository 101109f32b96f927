import nodeCron from 'node-cron';
import { describe, expect, it } from 'vitest';
import type { ScanOutcome } from '../../../../agent/schedule/scan-runner.ts';
import { createScanScheduler, hostOffsetMs, type CronLike } from '../../../../agent/schedule/scan-scheduler.ts';

function fakeCron() {
  const scheduled: Array<{ expression: string; timezone: string; fn: () => Promise<void>; stopped: boolean }> = [];
  const cron: CronLike = {
    validate: (e) => nodeCron.validate(e),
    schedule(expression, fn, options) {
      const entry = { expression, timezone: options.timezone, fn, stopped: false };
      scheduled.push(entry);
      return { stop: () => void (entry.stopped = true) };
    },
  };
  return { cron, scheduled };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('hostOffsetMs', () => {
  it('is stable per host, within range, and spreads hosts', () => {
    expect(hostOffsetMs('0860021F/scribe', 3600)).toBe(hostOffsetMs('0860021F/scribe', 3600));
    const offsets = Array.from({ length: 200 }, (_, i) => hostOffsetMs(`08600${String(i).padStart(2, '0')}F/scribe`, 3600));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(3_600_000);
    expect(new Set(offsets).size).toBeGreaterThan(190);
    expect(Math.max(...offsets) - Math.min(...offsets)).toBeGreaterThan(3_000_000);
    expect(hostOffsetMs('x', 0)).toBe(0);
  });
});

describe('createScanScheduler', () => {
  it('schedules with the expression and explicit time zone, waits the offset, then runs', async () => {
    const { cron, scheduled } = fakeCron();
    const sleeps: number[] = [];
    let runs = 0;
    const runner = { runOnce: (): Promise<ScanOutcome> => { runs += 1; return Promise.resolve({ status: 'skipped', reason: 'already_running' }); }, abort: () => undefined };
    const s = createScanScheduler({ cron, runner, expression: '0 30 2 * * *', timezone: 'Europe/Paris', offsetMs: 1234, sleep: (ms) => { sleeps.push(ms); return Promise.resolve(); } });
    s.start();
    expect(scheduled.map((x) => [x.expression, x.timezone])).toEqual([['0 30 2 * * *', 'Europe/Paris']]);
    await scheduled[0]?.fn();
    expect(sleeps).toEqual([1234]);
    expect(runs).toBe(1);
  });

  it('never overlaps: a tick during a running scan is skipped and counted', async () => {
    const { cron, scheduled } = fakeCron();
    const gate = deferred<void>();
    let running = false;
    let started = 0;
    const runner = {
      async runOnce(): Promise<ScanOutcome> {
        if (running) return { status: 'skipped', reason: 'already_running' };
        running = true;
        started += 1;
        await gate.promise;
        running = false;
        return { status: 'done', report: { probes: [] } as never, delivered: undefined };
      },
      abort: () => undefined,
    };
    const s = createScanScheduler({ cron, runner, expression: '* * * * * *', timezone: 'UTC', offsetMs: 0, sleep: () => Promise.resolve() });
    s.start();
    const first = scheduled[0]?.fn();
    await scheduled[0]?.fn();
    expect(s.stats()).toEqual({ ticks: 2, skipped: 1 });
    gate.resolve();
    await first;
    expect(started).toBe(1);
  });

  it('stop() cancels the offset wait, aborts the scan and stops the cron task', async () => {
    const { cron, scheduled } = fakeCron();
    let aborted = 0;
    let runs = 0;
    const runner = { runOnce: (): Promise<ScanOutcome> => { runs += 1; return Promise.resolve({ status: 'skipped', reason: 'already_running' }); }, abort: () => void (aborted += 1) };
    const s = createScanScheduler({
      cron, runner, expression: '0 30 2 * * *', timezone: 'UTC', offsetMs: 10_000,
      sleep: (_ms, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve())),
    });
    s.start();
    const tick = scheduled[0]?.fn();
    await s.stop();
    await tick;
    expect(runs).toBe(0);
    expect(aborted).toBe(1);
    expect(scheduled[0]?.stopped).toBe(true);
  });

  it('refuses an invalid cron expression', () => {
    const { cron } = fakeCron();
    const runner = { runOnce: (): Promise<ScanOutcome> => Promise.reject(new Error('no')), abort: () => undefined };
    expect(() => createScanScheduler({ cron, runner, expression: '61 * * * * *', timezone: 'UTC', offsetMs: 0 })).toThrow(/scan.cron is invalid/);
  });

  it('accepts the real node-cron module as its cron', () => {
    const cron: CronLike = nodeCron;
    expect(cron.validate('0 30 2 * * *')).toBe(true);
  });
});
