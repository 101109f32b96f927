/**
 * Grouped notices on the liveness pipeline (real SQLite store, FakeClock, recording notifiers): 40 servers in
 * 12 schools of 3 communes go silent within 20 s → one grouped message per grouping channel (e-mail, webhook),
 * 40 single alerts for Alertmanager; then one grouped back-online message each. Also the per-hour cap (nothing
 * dropped, the held count stated) and a crash between claim and send (one resend after the restart).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toGroupingSettings } from '../../../../collector/config/grouping-config.ts';
import { GroupRecordingNotifier, RecordingNotifier, livenessHarness, type Harness } from '../../../helpers/liveness-harness.ts';
import { INCIDENT_SCHOOLS, INCIDENT_SERVERS, beatFleet, enrolFleet, fleetLookup, runFleet, silentWithin20s } from '../../../helpers/grouping-fleet.ts';
import type { NotifyResult } from '../../../../collector/notifiers/notifier.ts';
import { createDispatcher } from '../../../../collector/services/dispatcher.ts';

const S = 1000;
let h: Harness;
afterEach(() => h.close());

function channels() {
  return { am: new RecordingNotifier('alertmanager'), email: new GroupRecordingNotifier('email'), hook: new GroupRecordingNotifier('webhook') };
}

/** The harness with the three channels and the fleet enrolled; returns the channels. */
async function start(grouping: { delaySeconds?: number; maxPerHourPerChannel?: number } = {}): Promise<ReturnType<typeof channels>> {
  const c = channels();
  h = harness(c, grouping);
  await enrolFleet(h);
  return c;
}

function harness(c: ReturnType<typeof channels>, grouping: { delaySeconds?: number; maxPerHourPerChannel?: number } = {}): Harness {
  return livenessHarness({ offlineAfter: '2s' }, '2025-07-10T08:00:00Z', {
    intervalSeconds: 1,
    notifiers: () => [c.am, c.email, c.hook],
    grouping: toGroupingSettings({ delaySeconds: 30, maxPerHourPerChannel: 20, ...grouping }, fleetLookup),
  });
}

describe('grouped notices', () => {
  it('40 servers of 12 schools in 3 communes down within 20 s: one grouped message per channel, then one back-online; Alertmanager gets 40 and 40', async () => {
    const c = await start();
    const incident = silentWithin20s(h.clock.now().getTime());
    await runFleet(h, 30 * S, incident);
    // the first went offline at ~2 s: its e-mail and webhook deliveries wait until ~32 s
    expect(c.am.summary().filter((s) => s.startsWith('down'))).toHaveLength(40);
    expect(c.email.messages()).toEqual([]);
    await runFleet(h, 10 * S, incident);
    for (const ch of [c.email, c.hook]) {
      expect(ch.messages()).toEqual(['down×40']);
      const g = ch.groups[0]!;
      expect(g.plan.servers).toBe(40);
      expect(g.plan.schools).toBe(INCIDENT_SCHOOLS);
      expect(g.plan.subject).toMatch(/^\[Vigie\]\[avertissement\] 40 serveurs (éteints|injoignables|injoignables ou éteints) dans 3 communes \(Poitiers, Niort, Châtellerault\)$/);
      expect(g.plan.sections.map((s) => s.heading)).toEqual([
        'Poitiers (86) — 5 établissements, 19 serveurs',
        'Niort (79) — 4 établissements, 12 serveurs',
        'Châtellerault (86) — 3 établissements, 9 serveurs',
      ]);
    }
    expect(await h.store.outbox.pendingCount()).toBe(0);

    // every server comes back (rebooted) within a few seconds → one grouped back-online message per channel
    await runFleet(h, 40 * S, () => true, '2025-07-10T08:01:00.000Z');
    expect(c.am.summary().filter((s) => s.startsWith('up'))).toHaveLength(40);
    expect(c.am.sent).toHaveLength(80);
    for (const ch of [c.email, c.hook]) {
      expect(ch.messages()).toEqual(['down×40', 'up×40']);
      expect(ch.groups[1]!.plan.subject).toBe('[Vigie][rétabli] 40 serveurs de nouveau en ligne dans 3 communes (Poitiers, Niort, Châtellerault)');
      expect(ch.groups[1]!.id).not.toBe(ch.groups[0]!.id);
    }
    expect((await h.store.batches.all()).map((b) => `${b.channel} ${b.kind} ${b.status}`)).toEqual(
      expect.arrayContaining(['email down sent', 'webhook down sent', 'email up sent', 'webhook up sent']),
    );
    expect(await h.store.batches.all()).toHaveLength(4);
    expect(await h.store.outbox.pendingCount()).toBe(0);
  }, 60_000);

  it('one server alone is sent as the single notice of today, after the delay', async () => {
    const c = await start();
    const one = INCIDENT_SERVERS[0]!;
    await runFleet(h, 40 * S, (i) => i !== 0);
    expect(c.email.messages()).toEqual(['down×1']);
    expect(c.email.sent[0]!.server).toMatchObject(one);
    expect(c.hook.sent[0]!.id).toBe(String((await h.store.outbox.allNotices())[0]!.id));
  });

  it('past the per-hour cap, deliveries wait (never dropped) and the next allowed message takes them all, saying how many', async () => {
    const c = await start({ maxPerHourPerChannel: 2 });
    // one server off every 2 minutes, 4 in all: the first two are sent at once, the next two wait for the cap
    const t0 = h.clock.now().getTime();
    await runFleet(h, 10 * 60 * S, (i, now) => i >= 4 || now - t0 < i * 120 * S, undefined, 5 * S);
    expect(c.email.messages()).toEqual(['down×1', 'down×1']);
    expect(await h.store.outbox.pendingCount()).toBe(2 * 2); // two notices × (e-mail, webhook)
    expect(c.am.sent).toHaveLength(4);
    // an hour after the first message, the two held notices go out together
    await runFleet(h, 55 * 60 * S, (i) => i >= 4, undefined, 10 * S);
    for (const ch of [c.email, c.hook]) {
      expect(ch.messages()).toEqual(['down×1', 'down×1', 'down×2']);
      const g = ch.groups[0]!;
      expect(g.heldByCap).toMatchObject({ count: 2, maxPerHour: 2 });
      // the first message went out 30 s (the delay) after its notice; the group one hour later (10 s steps)
      const first = ch.sent[0]!.at.getTime() + 30 * S;
      expect(g.at.getTime()).toBeGreaterThanOrEqual(first + 3_600_000);
      expect(g.at.getTime()).toBeLessThanOrEqual(first + 3_600_000 + 10 * S);
    }
    expect(await h.store.outbox.pendingCount()).toBe(0);
  }, 60_000);

  it('a crash between the claim and the send: the same batch is sent once after the restart, when its lease expires', async () => {
    const c = await start();
    const alive = (i: number) => i >= 3; // the 3 servers of the first school go off at ~0 s: due at ~32 s
    let hang = true;
    let sendStarted!: () => void;
    const sending = new Promise<void>((resolve) => (sendStarted = resolve));
    c.email.groupAnswer = () => {
      if (!hang) return { status: 'sent' };
      sendStarted();
      return new Promise<NotifyResult>(() => {});
    };
    // step like the loop, until the e-mail batch is claimed; its send never ends: the process "dies" there
    for (let i = 0; i < 200 && !(await h.store.batches.all()).some((b) => b.channel === 'email'); i += 1) {
      h.clock.advance(500);
      await beatFleet(h, alive);
      await h.sweep.sweepOnce(h.clock.now());
      const pass = h.dispatcher.dispatchOnce(h.clock.now());
      void pass.catch(() => {}); // the pass is abandoned with the "dead" process
      await Promise.race([pass, sending]); // the pass ends, or hangs in the e-mail send (the batch is claimed)
    }
    await new Promise((r) => setImmediate(r));
    expect(c.email.messages()).toEqual([]);
    const claimed = (await h.store.batches.all()).find((b) => b.channel === 'email');
    expect(claimed).toMatchObject({ status: 'sending', kind: 'down', attempts: 1 });
    await h.restart();
    hang = false;
    await runFleet(h, 30 * S, alive);
    expect(c.email.groups).toHaveLength(0); // lease (60 s) not yet expired
    await runFleet(h, 60 * S, alive);
    expect(c.email.messages()).toEqual(['down×3']);
    expect(c.email.groups[0]!.id).toBe(`group-${claimed!.id}`);
    expect((await h.store.batches.all()).find((b) => b.id === claimed!.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(c.hook.messages()).toEqual(['down×3']);
    expect(await h.store.outbox.pendingCount()).toBe(0);
  }, 60_000);

  it('a refused grouped send is retried as the same batch (same id, same members), even once grouping is turned off', async () => {
    const c = await start();
    c.hook.groupAnswer = () => ({ status: 'retryable', error: 'HTTP 503' });
    await runFleet(h, 40 * S, (i) => i >= 3);
    const [batch] = (await h.store.batches.all()).filter((b) => b.channel === 'webhook');
    expect(batch).toMatchObject({ status: 'pending' }); // refused, tried again every few seconds
    const tries = batch!.attempts;
    expect((await h.store.batches.all()).filter((b) => b.channel === 'webhook')).toHaveLength(1);
    expect(c.email.messages()).toEqual(['down×3']);
    // the collector restarts with grouping turned off: the batch formed before is still finished, as it was
    await h.restart();
    h.dispatcher = createDispatcher({ store: h.store, notifiers: [c.am, c.email, c.hook], publicUrl: 'http://collector.test', rng: () => 0.5 });
    c.hook.groupAnswer = () => ({ status: 'sent' });
    await runFleet(h, 10 * S, (i) => i >= 3);
    expect(c.hook.messages()).toEqual(['down×3']);
    expect(c.hook.groups[0]!.id).toBe(`group-${batch!.id}`);
    expect((await h.store.batches.all()).find((b) => b.id === batch!.id)).toMatchObject({ status: 'sent', attempts: tries + 1 });
    expect((await h.store.outbox.deliveryStats()).filter((r) => r.channel === 'webhook')).toEqual([{ channel: 'webhook', status: 'sent', n: 3, retries: 3 * tries }]);
    // and new notices go one by one again
    await runFleet(h, 10 * S, (i) => i >= 4);
    expect(c.hook.messages()).toEqual(['down×1', 'down×3']);
  });
});
