/**
 * The liveness pipeline on a real SQLite store with a FakeClock: ingest → sweep → outbox → dispatcher → a
 * recording notifier. Heartbeat every 60 s, offline after 3 missed (180 s), window "Bascule 2025" active.
 */
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { registerLivenessMetrics } from '../../../../collector/metrics/liveness-metrics.ts';
import { BOOT, livenessHarness, type Harness } from '../../../helpers/liveness-harness.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const UAI = '0860021F';
const WINDOW = { windows: ['Bascule 2025: 2025-07-05 → 2025-09-12'] };
let h: Harness;
afterEach(() => h.close());

/** Heartbeats every 60 s for `ms`, sweeping every second. */
async function healthy(ms: number, uai = UAI, machine = 'scribe', bootTime = BOOT): Promise<void> {
  let n = 0;
  await h.run(ms, S, async () => {
    n += 1;
    if (n % 60 === 0) await h.heartbeat(uai, machine, { bootTime });
  });
}

describe('transitions and outages', () => {
  it('first report says nothing; silence → late at 90 s → offline at 180 s with the provisional cause power loss, critical in the window', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    expect((await h.store.liveness.get(id))?.state).toBe('unknown');
    await h.heartbeat(UAI, 'scribe');
    await h.tick();
    expect((await h.store.liveness.get(id))?.state).toBe('online');
    expect(h.notifier.sent).toHaveLength(0);

    const t0 = h.clock.now().getTime();
    await h.run(90 * S);
    expect((await h.store.liveness.get(id))?.state).toBe('late');
    expect(h.notifier.sent).toHaveLength(0);
    await h.run(90 * S);
    expect((await h.store.liveness.get(id))?.state).toBe('offline');
    expect(h.notifier.summary()).toEqual(['down power_loss critical']);
    const n = h.notifier.sent[0]!;
    expect(n.since.getTime()).toBe(t0);
    expect(n.window?.name).toBe('Bascule 2025');
    expect(n.state).toBe('offline');
    expect((await h.store.liveness.transitionsOf(id)).map((t) => `${t.from}→${t.to}`)).toEqual(['unknown→online', 'online→late', 'late→offline']);
    expect((await h.store.liveness.transitionsOf(id))[2]!.atMs).toBe(t0 + 180 * S);
  });

  it.each([
    { name: 'new boot time → power loss or crash', boot: '2025-07-10T08:10:00.000Z', cause: 'power_loss', rebooted: true },
    { name: 'same boot time → network or collector-side gap', boot: BOOT, cause: 'network', rebooted: false },
  ])('back online: $name, back-online notice always', async ({ boot, cause, rebooted }) => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.run(15 * M);
    await h.heartbeat(UAI, 'scribe', { bootTime: boot });
    await h.tick();
    expect(h.notifier.summary()).toEqual(['down power_loss critical', `up ${cause} critical`]);
    const [outage] = await h.store.liveness.outagesOf(id);
    expect(outage).toMatchObject({ cause, rebooted, provisional: false });
    expect(outage!.endedAtMs).toBe(h.clock.now().getTime());
    // Alertmanager labels stay those of the firing alert
    expect(h.notifier.sent[1]!.announced).toEqual({ cause: 'power_loss', severity: 'critical', windowName: 'Bascule 2025' });
    expect(h.notifier.sent[1]!.alertKey).toBe(h.notifier.sent[0]!.alertKey);
  });

  it('writes the transition and the outage before the notifier is called', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    const seen: string[] = [];
    h.notifier.onSend = async () => void seen.push(`${(await h.store.liveness.get(id))?.state} ${(await h.store.liveness.transitionsOf(id)).length} ${(await h.store.liveness.outagesOf(id)).length}`);
    await h.heartbeat(UAI, 'scribe');
    await h.run(4 * M);
    expect(seen).toEqual(['offline 3 1']);
  });

  it('announced shutdown: cause shutdown, notified only if still off one offline delay later', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.run(30 * S);
    await h.event(UAI, 'scribe', 'shutdown');
    await h.tick();
    expect((await h.store.liveness.get(id))?.state).toBe('shutdown');
    await h.run(179 * S);
    expect(h.notifier.sent).toHaveLength(0);
    await h.run(2 * S);
    expect(h.notifier.summary()).toEqual(['down shutdown critical']);
    expect(h.notifier.sent[0]!.state).toBe('shutdown');
    await h.event(UAI, 'scribe', 'startup', '2025-07-10T08:20:00.000Z');
    await h.heartbeat(UAI, 'scribe', { bootTime: '2025-07-10T08:20:00.000Z' });
    await h.tick();
    expect(h.notifier.summary()).toEqual(['down shutdown critical', 'up shutdown critical']);
    expect((await h.store.liveness.outagesOf(id))[0]).toMatchObject({ cause: 'shutdown', rebooted: true });
  });

  it('a quick reboot (shutdown, back within the offline delay) is recorded but notifies nothing', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.event(UAI, 'scribe', 'shutdown');
    await h.run(60 * S);
    await h.event(UAI, 'scribe', 'startup', '2025-07-10T08:00:50.000Z');
    await healthy(10 * M, UAI, 'scribe', '2025-07-10T08:00:50.000Z');
    expect(h.notifier.sent).toHaveLength(0);
    expect(await h.store.liveness.outagesOf(id)).toHaveLength(1);
    expect((await h.store.liveness.outagesOf(id))[0]).toMatchObject({ cause: 'shutdown', downNotifiedAtMs: null });
  });

  it('a reboot between two heartbeats (never judged offline) is recorded as a past outage, without alert', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.run(60 * S);
    await h.heartbeat(UAI, 'scribe', { bootTime: '2025-07-10T08:00:40.000Z' });
    await h.tick();
    expect(h.notifier.sent).toHaveLength(0);
    expect(await h.store.liveness.outagesOf(id)).toMatchObject([{ cause: 'power_loss', past: true, rebooted: true }]);
  });

  it('site-wide: every server of one school silent at once → cause site', async () => {
    h = livenessHarness(WINDOW);
    const a = await h.enrol(UAI, 'scribe');
    const b = await h.enrol(UAI, 'amon');
    const other = await h.enrol('0170001J', 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.heartbeat(UAI, 'amon');
    await h.heartbeat('0170001J', 'scribe');
    await h.run(4 * M);
    expect((await h.store.liveness.outagesOf(a))[0]?.cause).toBe('site');
    expect((await h.store.liveness.outagesOf(b))[0]?.cause).toBe('site');
    expect((await h.store.liveness.outagesOf(other))[0]?.cause).toBe('power_loss');
  });
});

describe('alert policy in the pipeline', () => {
  it('reminders while still down, no duplicates however often the sweep runs', async () => {
    h = livenessHarness({ ...WINDOW, reminderEvery: '1h' });
    await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.run(3 * H + 10 * M, 10 * S);
    expect(h.notifier.summary()).toEqual(['down power_loss critical', 'reminder power_loss critical', 'reminder power_loss critical', 'reminder power_loss critical']);
    expect(new Set(h.notifier.sent.map((n) => n.id)).size).toBe(4);
  });

  it('outside any window: warning with outsideWindow=warning, nothing with none', async () => {
    h = livenessHarness({ windows: ['Bascule 2025: 2025-07-20 → 2025-09-12'] });
    await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.run(5 * M);
    expect(h.notifier.summary()).toEqual(['down power_loss warning']);
    await h.close();

    h = livenessHarness({ windows: ['Bascule 2025: 2025-07-20 → 2025-09-12'], outsideWindow: 'none' });
    await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.run(5 * M);
    expect(h.notifier.sent).toHaveLength(0);
    // still off when the window opens (local midnight, 2025-07-19T22:00Z) → critical then
    h.clock.set('2025-07-19T21:59:59Z');
    await h.tick();
    expect(h.notifier.sent).toHaveLength(0);
    h.clock.set('2025-07-19T22:00:00Z');
    await h.tick();
    expect(h.notifier.summary()).toEqual(['down power_loss critical']);
  });

  it('a silence holds the down notice back until it ends; the server still off is notified then', async () => {
    h = livenessHarness(WINDOW);
    await h.enrol(UAI, 'scribe');
    const now = h.clock.now().getTime();
    await h.store.silences.add({ uai: UAI, machine: null, startsAtMs: now, endsAtMs: now + H, reason: 'travaux électriques', createdBy: 'test', createdAtMs: now });
    await h.heartbeat(UAI, 'scribe');
    await h.run(59 * M, 10 * S);
    expect(h.notifier.sent).toHaveLength(0);
    await h.run(2 * M, 10 * S);
    expect(h.notifier.summary()).toEqual(['down power_loss critical']);
  });

  it('a silenced outage that ends is not followed by a lone back-online notice', async () => {
    h = livenessHarness(WINDOW);
    await h.enrol(UAI, 'scribe');
    const now = h.clock.now().getTime();
    await h.store.silences.add({ uai: UAI, machine: 'scribe', startsAtMs: now, endsAtMs: now + H, reason: 'x', createdBy: 'test', createdAtMs: now });
    await h.heartbeat(UAI, 'scribe');
    await h.run(10 * M, 10 * S);
    await h.heartbeat(UAI, 'scribe');
    await h.tick();
    expect(h.notifier.sent).toHaveLength(0);
  });

  it('flapping is damped: at most 3 down notices per server per hour, each with its back-online notice', async () => {
    h = livenessHarness(WINDOW);
    await h.enrol(UAI, 'scribe');
    // 10 cycles of: 4 min silent (offline after 3), then one heartbeat (back)
    for (let i = 0; i < 10; i += 1) {
      await h.heartbeat(UAI, 'scribe');
      await h.run(4 * M, 10 * S);
    }
    await h.heartbeat(UAI, 'scribe');
    await h.tick();
    const downs = h.notifier.sent.filter((n) => n.kind === 'down');
    const ups = h.notifier.sent.filter((n) => n.kind === 'up');
    expect(downs).toHaveLength(3);
    expect(ups).toHaveLength(3);
  });
});

describe('retirement', () => {
  it('retiring a server that is down ends its outage without a back-online notice; it is judged no more', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.run(4 * M);
    expect(h.notifier.summary()).toEqual(['down power_loss critical']);
    await h.store.servers.retire(id, h.clock.now().getTime());
    await h.run(5 * H, M);
    expect((await h.store.liveness.get(id))?.state).toBe('retired');
    expect(await h.store.liveness.openOutage(id)).toBeUndefined();
    expect(h.notifier.summary()).toEqual(['down power_loss critical']);
    expect((await h.store.liveness.transitionsOf(id)).at(-1)).toMatchObject({ from: 'offline', to: 'retired', reason: 'retired' });
  });

  it('a retired server that gets a new token is unknown again, then online on its first heartbeat, silently', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await h.store.servers.retire(id, h.clock.now().getTime());
    await h.tick();
    await h.store.servers.rotateToken(id, 'new-hash');
    await h.tick();
    expect((await h.store.liveness.get(id))?.state).toBe('unknown');
    await h.heartbeat(UAI, 'scribe');
    await h.tick();
    expect((await h.store.liveness.get(id))?.state).toBe('online');
    expect(h.notifier.sent).toHaveLength(0);
  });
});

describe('robustness', () => {
  it('a row that throws is reported and postponed; the other servers are still judged', async () => {
    h = livenessHarness(WINDOW);
    const bad = await h.enrol(UAI, 'scribe');
    const good = await h.enrol('0170001J', 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.heartbeat('0170001J', 'scribe');
    h.db.exec(`CREATE TRIGGER boom BEFORE UPDATE ON liveness WHEN OLD.server_id = ${bad} AND NEW.state = 'offline'
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    h.clock.advance(181_000);
    const result = await h.sweep.sweepOnce(h.clock.now());
    expect(result.errors).toEqual([{ serverId: bad, error: 'disk on fire' }]);
    expect((await h.store.liveness.get(good))?.state).toBe('offline');
    expect((await h.store.liveness.get(bad))?.offlineAtMs).toBe(h.clock.now().getTime() + 60_000);
    h.clock.advance(1_000);
    expect((await h.sweep.sweepOnce(h.clock.now())).errors).toEqual([]);
  });
});

describe('the collector start-up grace', () => {
  it('after a 20-minute collector outage, nobody is judged offline before one full offline delay', async () => {
    h = livenessHarness(WINDOW);
    const a = await h.enrol(UAI, 'scribe');
    const b = await h.enrol('0170001J', 'scribe');
    const c = await h.enrol('0170002K', 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.heartbeat('0170001J', 'scribe');
    await h.heartbeat('0170002K', 'scribe');
    await h.tick();
    // the collector is down: no sweep, heartbeats lost
    h.clock.advance(20 * M);
    expect(await h.restart()).toBe(3);
    await h.run(170 * S);
    await h.heartbeat(UAI, 'scribe'); // never stopped
    await h.heartbeat('0170001J', 'scribe', { bootTime: '2025-07-10T08:10:00.000Z' }); // rebooted while the collector was down
    await h.run(10 * M, 10 * S, async () => {
      if (h.clock.now().getTime() % M === 0) {
        await h.heartbeat(UAI, 'scribe');
        await h.heartbeat('0170001J', 'scribe', { bootTime: '2025-07-10T08:10:00.000Z' });
      }
    });
    expect((await h.store.liveness.get(a))?.state).toBe('online');
    expect(await h.store.liveness.outagesOf(a)).toHaveLength(0);
    expect((await h.store.liveness.get(b))?.state).toBe('online');
    expect(await h.store.liveness.outagesOf(b)).toMatchObject([{ cause: 'power_loss', past: true }]);
    // the third one really stopped: it is judged offline, but only after the grace
    expect((await h.store.liveness.get(c))?.state).toBe('offline');
    expect(h.notifier.summary()).toEqual(['down power_loss critical']);
    expect(h.notifier.sent[0]!.server.uai).toBe('0170002K');
  });
});

describe('delivery retries survive a restart', () => {
  it('a retryable failure is rescheduled in the database and retried after the restart', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    h.notifier.answer = () => ({ status: 'retryable', error: 'HTTP 503' });
    await h.run(3 * M + 1 * S);
    expect(h.notifier.attempts.length).toBeGreaterThanOrEqual(1);
    expect(h.notifier.sent).toHaveLength(0);
    const notice = (await h.store.outbox.noticesOfOutage((await h.store.liveness.outagesOf(id))[0]!.id))[0]!;
    expect((await h.store.outbox.deliveriesOf(notice.id))[0]).toMatchObject({ status: 'pending', last_error: 'HTTP 503' });
    expect(await h.store.outbox.pendingCount()).toBe(1);

    await h.restart();
    h.notifier.answer = () => ({ status: 'sent' });
    await h.run(30 * S);
    expect(h.notifier.summary()).toEqual(['down power_loss critical']);
    expect((await h.store.outbox.deliveriesOf(notice.id))[0]).toMatchObject({ status: 'sent' });
    expect(await h.store.outbox.pendingCount()).toBe(0);
    const registry = new Registry();
    registerLivenessMetrics(registry, { store: h.store, clock: h.clock, windows: h.settings.windows });
    const text = await registry.metrics();
    expect(text).toContain('vigie_notifications_total{channel="webhook",outcome="sent"} 1');
    expect(text).toMatch(/vigie_notifications_total\{channel="webhook",outcome="retried"\} [1-9]/);
    expect(text).toContain('vigie_notifications_pending 0');
  });

  it('keeps the order per channel: the back-online notice waits for the down notice still being retried', async () => {
    h = livenessHarness(WINDOW);
    await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    h.notifier.answer = () => ({ status: 'retryable', error: 'HTTP 503', retryInMs: 60_000 });
    await h.run(3 * M + S);
    expect(h.notifier.attempts.map((n) => n.kind)).toEqual(['down']);
    await h.heartbeat(UAI, 'scribe', { bootTime: '2025-07-10T08:02:00.000Z' });
    await h.run(10 * S);
    expect(h.notifier.attempts.map((n) => n.kind)).toEqual(['down']); // the up notice waits
    h.notifier.answer = () => ({ status: 'sent' });
    await h.run(60 * S);
    expect(h.notifier.summary()).toEqual(['down power_loss critical', 'up power_loss critical']);
  });

  it('a permanent failure is not retried', async () => {
    h = livenessHarness(WINDOW);
    await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    h.notifier.answer = () => ({ status: 'failed', error: 'HTTP 400' });
    await h.run(10 * M);
    expect(h.notifier.attempts).toHaveLength(1);
    expect(await h.store.outbox.deliveryStats()).toEqual([{ channel: 'webhook', status: 'failed', n: 1, retries: 0 }]);
  });
});
