/** The loop is thin and never overlaps: a slow delivery holds the next ticks back instead of piling them up. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Notification, Notifier, NotifyResult } from '../../../../collector/notifiers/notifier.ts';
import { startLivenessLoop, type LivenessLoop } from '../../../../collector/services/liveness-loop.ts';
import { livenessHarness, type Harness } from '../../../helpers/liveness-harness.ts';

let h: Harness;
let loop: LivenessLoop | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await loop?.stop();
  await h.close();
});

describe('startLivenessLoop', () => {
  it('runs a first pass at once, then one per interval, never two at a time; stops cleanly', async () => {
    h = livenessHarness({ windows: ['Bascule 2025: 2025-07-05 → 2025-09-12'] });
    await h.enrol('0860021F', 'scribe');
    await h.heartbeat('0860021F', 'scribe');

    let release: (r: NotifyResult) => void = () => {};
    const calls: Notification[] = [];
    const slow: Notifier = {
      channel: 'webhook',
      send: (n) => {
        calls.push(n);
        return new Promise<NotifyResult>((done) => (release = done));
      },
    };
    const sweeps = vi.spyOn(h.store.liveness, 'listDue');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    loop = await startLivenessLoop({ store: h.store, clock: h.clock, settings: h.settings, notifiers: [slow], publicUrl: 'http://t' });
    await vi.waitFor(() => expect(sweeps).toHaveBeenCalledTimes(1)); // the first pass, at once
    h.clock.advance(200_000); // silent for more than 3 × 60 s
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(calls).toHaveLength(1)); // offline, down notice, delivery started
    const sweepsDuringSend = sweeps.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5_000); // five ticks while the delivery hangs: all skipped
    expect(sweeps.mock.calls.length).toBe(sweepsDuringSend);
    expect(calls).toHaveLength(1);

    release({ status: 'sent' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sweeps.mock.calls.length).toBeGreaterThan(sweepsDuringSend);
    expect(await h.store.outbox.pendingCount()).toBe(0);
    await loop.stop();
    const after = sweeps.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sweeps.mock.calls.length).toBe(after);
    loop = undefined;
  });
});

describe('start-up grace with several collectors on one database', () => {
  const quiet: Notifier = { channel: 'webhook', send: async () => ({ status: 'sent' }) };

  async function onlineServerDeadline(): Promise<number | null> {
    h = livenessHarness({ windows: ['Bascule 2025: 2025-07-05 → 2025-09-12'] });
    await h.enrol('0860021F', 'scribe');
    await h.heartbeat('0860021F', 'scribe');
    return (await h.store.liveness.listByUai('0860021F'))[0]!.offlineAtMs;
  }

  it('skips the grace when another instance swept moments ago (it kept receiving the heartbeats)', async () => {
    const before = await onlineServerDeadline();
    h.clock.advance(30_000);
    await h.store.instances.recordSweep('collector-b', 0, h.clock.now().getTime() - 1_000);
    loop = await startLivenessLoop({ store: h.store, clock: h.clock, settings: h.settings, notifiers: [quiet], publicUrl: 'http://t', instanceId: 'collector-a' });
    expect((await h.store.liveness.listByUai('0860021F'))[0]!.offlineAtMs).toBe(before);
    const names = (await h.store.instances.list()).map((i) => i.instanceId);
    expect(names).toEqual(['collector-a', 'collector-b']);
  });

  it('applies the grace when the other instance has been silent too (nobody watched), and after its own restart', async () => {
    const before = await onlineServerDeadline();
    h.clock.advance(30_000);
    await h.store.instances.recordSweep('collector-b', 0, h.clock.now().getTime() - 25_000);
    await h.store.instances.recordSweep('collector-a-old-pid', 0, h.clock.now().getTime() - 25_000);
    loop = await startLivenessLoop({ store: h.store, clock: h.clock, settings: h.settings, notifiers: [quiet], publicUrl: 'http://t', instanceId: 'collector-a' });
    expect((await h.store.liveness.listByUai('0860021F'))[0]!.offlineAtMs).toBeGreaterThan(before!);
  });

  it('records each sweep of this instance', async () => {
    await onlineServerDeadline();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    loop = await startLivenessLoop({ store: h.store, clock: h.clock, settings: h.settings, notifiers: [quiet], publicUrl: 'http://t', instanceId: 'collector-a' });
    h.clock.advance(1_000);
    await vi.advanceTimersByTimeAsync(h.settings.sweepIntervalMs);
    await vi.waitFor(async () => expect((await h.store.instances.list())[0]!.lastSweepAtMs).toBe(h.clock.now().getTime()));
  });
});
