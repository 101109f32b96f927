// Store contract: the notification outbox (notices, fan-out, due deliveries, claims, outcomes, statistics).
import { describe, expect, it } from 'vitest';
import { addServer, aNotice, forEachStore, MINUTE, openOutage, queueNotice, T0 } from '../../../helpers/store-contract.ts';

forEachStore((_name, open) => {
  describe('notices', () => {
    it('addNotice returns an id, then null for the same (outage, kind, seq); the row round-trips', async () => {
      const store = await open();
      const s = await addServer(store);
      const o = await openOutage(store, s);
      const notice = aNotice(s, o, { windowName: 'école', windowEndMs: T0 + 60 * MINUTE, windowTimeZone: 'Europe/Paris' });
      const id = await store.outbox.addNotice(notice);
      expect(typeof id).toBe('number');
      expect(await store.outbox.addNotice({ ...notice, severity: 'warning' })).toBeNull();
      const reminder = await store.outbox.addNotice(aNotice(s, o, { kind: 'reminder', seq: 1 }));
      expect(await store.outbox.addNotice(aNotice(s, o, { kind: 'reminder', seq: 1 }))).toBeNull();
      expect(await store.outbox.notice(id!)).toEqual({ ...notice, id, upsEpisodeId: null });
      expect(await store.outbox.notice(id! + 1000)).toBeUndefined();
      expect((await store.outbox.noticesOfOutage(o)).map((n) => n.id)).toEqual([id, reminder]);
      expect((await store.outbox.allNotices()).map((n) => n.kind)).toEqual(['down', 'reminder']);
      expect(await store.outbox.countNotices(o, 'down')).toBe(1);
      expect(await store.outbox.countNotices(o, 'up')).toBe(0);
    });

    it('a UPS notice is keyed by its episode: same (episode, kind, seq) is a duplicate', async () => {
      const store = await open();
      const s = await addServer(store);
      const ep = await store.ups.open({ serverId: s, upsName: 'ups', startedAtMs: T0, chargeRatio: 0.5, runtimeSeconds: 900, lowBatteryAtMs: null, notifiedSeverity: null });
      const ups = aNotice(s, null, { upsEpisodeId: ep, kind: 'ups_on_battery', severity: 'warning' });
      const id = await store.outbox.addNotice(ups);
      expect(await store.outbox.notice(id!)).toEqual({ ...ups, id });
      expect(await store.outbox.addNotice(ups)).toBeNull();
      expect(await store.outbox.addNotice({ ...ups, kind: 'ups_on_mains' })).not.toBeNull();
    });

    it('downNoticesSince lists the instants of a server’s down notices after a given instant, oldest first', async () => {
      const store = await open();
      const s = await addServer(store);
      const other = await addServer(store);
      for (const [server, at] of [[s, T0 + 3], [s, T0 + 1], [other, T0 + 2], [s, T0]] as const) {
        const o = await openOutage(store, server, at);
        await store.outbox.addNotice(aNotice(server, o, { createdAtMs: at }));
        await store.liveness.applyOutageOp(server, { op: 'close', outageId: o, endedAtMs: at + 1, cause: 'network', rebooted: null }, at, at);
      }
      expect(await store.outbox.downNoticesSince(s, T0)).toEqual([T0 + 1, T0 + 3]);
    });

    it('fanOut creates one delivery per channel, once, and marks the notice fanned out', async () => {
      const store = await open();
      const s = await addServer(store);
      const id = (await store.outbox.addNotice(aNotice(s, await openOutage(store, s))))!;
      expect((await store.outbox.listUnfanned()).map((n) => n.id)).toEqual([id]);
      expect(await store.outbox.pendingCount()).toBe(1);
      await store.outbox.fanOut(id, ['webhook', 'email'], T0, { email: T0 + 5 * MINUTE });
      await store.outbox.fanOut(id, ['webhook', 'email', 'sms'], T0 + 1);
      expect(await store.outbox.listUnfanned()).toEqual([]);
      expect(await store.outbox.deliveriesOf(id)).toEqual([
        expect.objectContaining({ channel: 'email', status: 'pending', attempts: 0, retries: 0, last_error: null, next_attempt_at_ms: T0 + 5 * MINUTE }),
        expect.objectContaining({ channel: 'sms', status: 'pending', next_attempt_at_ms: T0 + 1 }),
        expect.objectContaining({ channel: 'webhook', status: 'pending', next_attempt_at_ms: T0 }),
      ]);
      expect(await store.outbox.pendingCount()).toBe(3);
    });
  });

  describe('deliveries', () => {
    it('listDueDeliveries: due ones by next attempt then id, limited; grouped channels left out', async () => {
      const store = await open();
      const s1 = await addServer(store);
      const s2 = await addServer(store);
      const n1 = await queueNotice(store, aNotice(s1, await openOutage(store, s1)), ['webhook', 'email', 'grouped'], T0 + 2);
      const n2 = await queueNotice(store, aNotice(s2, await openOutage(store, s2)), ['webhook'], T0 + 1);
      const due = await store.outbox.listDueDeliveries(T0 + 2, 100, ['grouped']);
      expect(due.map((d) => [d.noticeId, d.channel])).toEqual([[n2, 'webhook'], [n1, 'webhook'], [n1, 'email']]);
      expect(due[0]).toEqual({ id: due[0]!.id, noticeId: n2, channel: 'webhook', status: 'pending', attempts: 0, nextAttemptAtMs: T0 + 1, leaseUntilMs: null });
      expect((await store.outbox.listDueDeliveries(T0 + 1)).map((d) => d.noticeId)).toEqual([n2]);
      expect(await store.outbox.listDueDeliveries(T0 + 2, 2)).toHaveLength(2);
      expect((await store.outbox.listDueDeliveries(T0 + 2)).map((d) => d.channel)).toContain('grouped');
    });

    it('a later notice of the same outage waits on a channel until the earlier one is out there', async () => {
      const store = await open();
      const s = await addServer(store);
      const o = await openOutage(store, s);
      const down = await queueNotice(store, aNotice(s, o), ['webhook', 'email'], T0);
      const up = await queueNotice(store, aNotice(s, o, { kind: 'up', state: 'online', severity: 'info' }), ['webhook', 'email'], T0);
      const first = await store.outbox.listDueDeliveries(T0);
      expect(first.map((d) => d.noticeId)).toEqual([down, down]);
      const webhook = first.find((d) => d.channel === 'webhook')!;
      expect(await store.outbox.claim(webhook, T0 + MINUTE)).toBe(true);
      expect((await store.outbox.listDueDeliveries(T0)).map((d) => [d.noticeId, d.channel])).toEqual([[down, 'email']]);
      await store.outbox.markSent(webhook.id, T0 + 1);
      expect((await store.outbox.listDueDeliveries(T0)).map((d) => [d.noticeId, d.channel])).toEqual([[down, 'email'], [up, 'webhook']]);
      const email = first.find((d) => d.channel === 'email')!;
      await store.outbox.claim(email, T0 + MINUTE);
      await store.outbox.markFailed(email.id, 'failed', 'refused');
      expect((await store.outbox.listDueDeliveries(T0)).map((d) => [d.noticeId, d.channel])).toEqual([[up, 'webhook'], [up, 'email']]);
    });

    it('claim is compare-and-set with a lease; an expired lease makes the delivery due again', async () => {
      const store = await open();
      const s = await addServer(store);
      const n = await queueNotice(store, aNotice(s, await openOutage(store, s)), ['webhook'], T0);
      const [d] = await store.outbox.listDueDeliveries(T0);
      expect(await store.outbox.claim(d!, T0 + MINUTE)).toBe(true);
      expect(await store.outbox.claim(d!, T0 + MINUTE)).toBe(false);
      expect(await store.outbox.listDueDeliveries(T0 + MINUTE - 1)).toEqual([]);
      const [again] = await store.outbox.listDueDeliveries(T0 + MINUTE);
      expect(again).toEqual({ id: d!.id, noticeId: n, channel: 'webhook', status: 'sending', attempts: 1, nextAttemptAtMs: T0, leaseUntilMs: T0 + MINUTE });
      expect(await store.outbox.claim(again!, T0 + 2 * MINUTE)).toBe(true);
      expect((await store.outbox.deliveriesOf(n))[0]).toMatchObject({ status: 'sending', attempts: 2 });
    });

    it('scheduleRetry puts a sending delivery back to pending with its error (cut at 500); markSent ends it', async () => {
      const store = await open();
      const s = await addServer(store);
      const n = await queueNotice(store, aNotice(s, await openOutage(store, s)), ['webhook'], T0);
      const [d] = await store.outbox.listDueDeliveries(T0);
      await store.outbox.scheduleRetry(d!.id, T0 + 9, 'not sending yet'); // ignored: not in `sending`
      expect((await store.outbox.deliveriesOf(n))[0]).toMatchObject({ status: 'pending', retries: 0, last_error: null });
      await store.outbox.claim(d!, T0 + MINUTE);
      await store.outbox.scheduleRetry(d!.id, T0 + 2 * MINUTE, 'x'.repeat(600));
      expect((await store.outbox.deliveriesOf(n))[0]).toMatchObject({ status: 'pending', retries: 1, attempts: 1, last_error: 'x'.repeat(500), next_attempt_at_ms: T0 + 2 * MINUTE });
      expect(await store.outbox.listDueDeliveries(T0 + 2 * MINUTE - 1)).toEqual([]);
      const [retry] = await store.outbox.listDueDeliveries(T0 + 2 * MINUTE);
      await store.outbox.claim(retry!, T0 + 3 * MINUTE);
      await store.outbox.markSent(retry!.id, T0 + 2 * MINUTE + 5);
      expect((await store.outbox.deliveriesOf(n))[0]).toMatchObject({ status: 'sent', retries: 1, attempts: 2, last_error: null });
      await store.outbox.markFailed(retry!.id, 'abandoned', 'too late'); // ignored: already sent
      expect((await store.outbox.deliveriesOf(n))[0]).toMatchObject({ status: 'sent' });
      expect(await store.outbox.listDueDeliveries(T0 + 99 * MINUTE)).toEqual([]);
    });

    it('deliveryStats counts per channel and status with the retries (numbers), ordered; pendingCount', async () => {
      const store = await open();
      const s = await addServer(store);
      const n = await queueNotice(store, aNotice(s, await openOutage(store, s)), ['webhook', 'email', 'sms'], T0);
      expect(await store.outbox.deliveryStats()).toEqual([
        { channel: 'email', status: 'pending', n: 1, retries: 0 },
        { channel: 'sms', status: 'pending', n: 1, retries: 0 },
        { channel: 'webhook', status: 'pending', n: 1, retries: 0 },
      ]);
      for (const d of await store.outbox.listDueDeliveries(T0)) {
        await store.outbox.claim(d, T0 + 1);
        if (d.channel === 'webhook') await store.outbox.markSent(d.id, T0);
        if (d.channel === 'email') await store.outbox.scheduleRetry(d.id, T0 + 1, 'busy');
        if (d.channel === 'sms') await store.outbox.markFailed(d.id, 'abandoned', 'gave up');
      }
      expect(await store.outbox.deliveryStats()).toEqual([
        { channel: 'email', status: 'pending', n: 1, retries: 1 },
        { channel: 'sms', status: 'abandoned', n: 1, retries: 0 },
        { channel: 'webhook', status: 'sent', n: 1, retries: 0 },
      ]);
      expect(await store.outbox.pendingCount()).toBe(1);
      expect((await store.outbox.deliveriesOf(n)).map((d) => [d.channel, d.last_error])).toEqual([['email', 'busy'], ['sms', 'gave up'], ['webhook', null]]);
    });
  });
});
