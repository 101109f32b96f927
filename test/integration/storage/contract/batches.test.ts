// Store contract: batches of a grouping channel (due kinds, claim, reclaim after the lease, outcomes).
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../../collector/storage/store.ts';
import { addServer, aNotice, forEachStore, MINUTE, openOutage, queueNotice, T0 } from '../../../helpers/store-contract.ts';

/** `count` servers down, each with a down notice queued on `channels` at `atMs`; returns the notice ids. */
async function downNotices(store: Store, count: number, channels: readonly string[], atMs = T0): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = await addServer(store);
    ids.push(await queueNotice(store, aNotice(s, await openOutage(store, s), { createdAtMs: atMs }), channels, atMs));
  }
  return ids;
}

const LEASE = { nowMs: T0, leaseUntilMs: T0 + MINUTE };

forEachStore((_name, open) => {
  describe('batches', () => {
    it('dueKinds: kinds with an eligible due delivery on the channel, earliest first, with the instant', async () => {
      const store = await open();
      await downNotices(store, 2, ['grouped'], T0 + 2);
      const s = await addServer(store);
      const o = await openOutage(store, s);
      await queueNotice(store, aNotice(s, o, { kind: 'reminder', seq: 1 }), ['grouped', 'other'], T0 + 1);
      expect(await store.batches.dueKinds('grouped', T0)).toEqual([]);
      expect(await store.batches.dueKinds('grouped', T0 + 1)).toEqual([{ kind: 'reminder', dueMs: T0 + 1 }]);
      expect(await store.batches.dueKinds('grouped', T0 + 5)).toEqual([{ kind: 'reminder', dueMs: T0 + 1 }, { kind: 'down', dueMs: T0 + 2 }]);
      expect(await store.batches.dueKinds('nobody', T0 + 5)).toEqual([]);
    });

    it('claimNew forms one batch of every eligible delivery of the kind; a second claim finds nothing', async () => {
      const store = await open();
      const ids = await downNotices(store, 3, ['grouped', 'webhook']);
      const batch = await store.batches.claimNew('grouped', 'down', LEASE);
      expect(batch).toEqual({
        id: batch!.id, channel: 'grouped', kind: 'down', status: 'sending', attempts: 1, claimedAtMs: T0, leaseUntilMs: T0 + MINUTE,
        heldByCap: 0, heldSinceMs: null,
      });
      expect(await store.batches.members(batch!.id)).toEqual(ids);
      expect(await store.batches.claimNew('grouped', 'down', LEASE)).toBeUndefined();
      expect(await store.batches.claimNew('grouped', 'up', LEASE)).toBeUndefined();
      expect(await store.batches.all()).toEqual([batch]);
      expect(await store.batches.dueKinds('grouped', T0 + 99 * MINUTE)).toEqual([]);
      expect((await store.outbox.listDueDeliveries(T0 + 99 * MINUTE)).map((d) => d.channel)).toEqual(['webhook', 'webhook', 'webhook']);
      expect(await store.batches.claimsSince('grouped', T0 - 1)).toEqual([T0]);
      expect(await store.batches.claimsSince('grouped', T0)).toEqual([]);
    });

    it('claimNew records how many the cap held back, and since when', async () => {
      const store = await open();
      await downNotices(store, 2, ['grouped']);
      const batch = await store.batches.claimNew('grouped', 'down', { ...LEASE, heldSinceMs: T0 - 30 * MINUTE });
      expect(batch).toMatchObject({ heldByCap: 2, heldSinceMs: T0 - 30 * MINUTE });
    });

    it('a later notice of an outage stays out of a batch while the earlier one is not out on that channel', async () => {
      const store = await open();
      const s = await addServer(store);
      const o = await openOutage(store, s);
      const down = await queueNotice(store, aNotice(s, o), ['grouped'], T0);
      const up = await queueNotice(store, aNotice(s, o, { kind: 'up', state: 'online', severity: 'info' }), ['grouped'], T0);
      expect(await store.batches.dueKinds('grouped', T0)).toEqual([{ kind: 'down', dueMs: T0 }]);
      expect(await store.batches.claimNew('grouped', 'up', LEASE)).toBeUndefined();
      const first = (await store.batches.claimNew('grouped', 'down', LEASE))!;
      expect(await store.batches.claimNew('grouped', 'up', LEASE)).toBeUndefined();
      await store.batches.markSent(first.id, T0 + 1);
      const second = (await store.batches.claimNew('grouped', 'up', LEASE))!;
      expect([await store.batches.members(first.id), await store.batches.members(second.id)]).toEqual([[down], [up]]);
    });

    it('a batch whose lease expired is due again and reclaimed once (compare-and-set), same members', async () => {
      const store = await open();
      const ids = await downNotices(store, 2, ['grouped']);
      const batch = (await store.batches.claimNew('grouped', 'down', LEASE))!;
      expect(await store.batches.dueBatches('grouped', T0 + MINUTE - 1)).toEqual([]);
      const [due] = await store.batches.dueBatches('grouped', T0 + MINUTE);
      expect(due).toEqual(batch);
      expect(await store.batches.reclaim(due!, T0 + 2 * MINUTE)).toBe(true);
      expect(await store.batches.reclaim(due!, T0 + 2 * MINUTE)).toBe(false);
      expect(await store.batches.all()).toEqual([{ ...batch, attempts: 2, leaseUntilMs: T0 + 2 * MINUTE }]);
      expect(await store.batches.members(batch.id)).toEqual(ids);
      expect(await store.batches.dueBatches('other', T0 + 9 * MINUTE)).toEqual([]);
    });

    it('markSent marks the batch and its members sent', async () => {
      const store = await open();
      const [n] = await downNotices(store, 1, ['grouped']);
      const batch = (await store.batches.claimNew('grouped', 'down', LEASE))!;
      await store.batches.markSent(batch.id, T0 + 5);
      expect(await store.batches.all()).toEqual([{ ...batch, status: 'sent', leaseUntilMs: null }]);
      expect((await store.outbox.deliveriesOf(n!))[0]).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      expect(await store.outbox.pendingCount()).toBe(0);
      expect(await store.batches.dueBatches('grouped', T0 + 99 * MINUTE)).toEqual([]);
    });

    it('scheduleRetry puts the batch back to pending (members counted as retried); markFailed ends both', async () => {
      const store = await open();
      const [n] = await downNotices(store, 1, ['grouped']);
      const batch = (await store.batches.claimNew('grouped', 'down', LEASE))!;
      await store.batches.scheduleRetry(batch.id, T0 + 3 * MINUTE, 'smtp busy');
      expect(await store.batches.all()).toEqual([{ ...batch, status: 'pending', leaseUntilMs: null }]);
      expect((await store.outbox.deliveriesOf(n!))[0]).toMatchObject({ status: 'sending', retries: 1, last_error: 'smtp busy' });
      expect(await store.batches.dueBatches('grouped', T0 + 3 * MINUTE - 1)).toEqual([]);
      const [due] = await store.batches.dueBatches('grouped', T0 + 3 * MINUTE);
      expect(await store.batches.reclaim(due!, T0 + 4 * MINUTE)).toBe(true);
      await store.batches.markFailed(batch.id, 'abandoned', 'gave up');
      expect((await store.batches.all())[0]).toMatchObject({ status: 'abandoned', attempts: 2, leaseUntilMs: null });
      expect((await store.outbox.deliveriesOf(n!))[0]).toMatchObject({ status: 'abandoned', last_error: 'gave up' });
      await store.batches.markSent(batch.id, T0); // ignored: not sending any more
      expect((await store.batches.all())[0]?.status).toBe('abandoned');
    });

    it('a delivery left sending alone by a dead dispatcher joins a batch once its lease expired', async () => {
      const store = await open();
      const [n] = await downNotices(store, 1, ['grouped']);
      const [d] = await store.outbox.listDueDeliveries(T0);
      await store.outbox.claim(d!, T0 + MINUTE);
      expect(await store.batches.claimNew('grouped', 'down', LEASE)).toBeUndefined();
      const batch = await store.batches.claimNew('grouped', 'down', { nowMs: T0 + MINUTE, leaseUntilMs: T0 + 2 * MINUTE });
      expect(await store.batches.members(batch!.id)).toEqual([n]);
      expect((await store.outbox.deliveriesOf(n!))[0]).toMatchObject({ status: 'sending', attempts: 2 });
    });
  });
});
