// PostgreSQL only: two collectors (two stores, two connection pools) on one database, racing for the same rows.
// Each race is repeated a few rounds so that an interleaving that breaks the rule has a chance to show.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../../collector/storage/store.ts';
import { addServer, aNotice, MINUTE, onlineAt, openOutage, postgresPerFile, queueNotice, T0 } from '../../../helpers/store-contract.ts';
import { has } from '../../../helpers/requirements.ts';

const ROUNDS = 5;

describe.skipIf(!has('postgres'))('postgres store: two collectors on one database', () => {
  const pg = postgresPerFile();

  async function twoCollectors(): Promise<[Store, Store]> {
    const url = await pg.freshDatabase();
    return [await pg.open(url), await pg.open(url)];
  }

  /** `count` servers down, each with a down notice fanned out to `channels`; returns the notice ids. */
  async function downNotices(store: Store, count: number, channels: readonly string[]): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const s = await addServer(store);
      ids.push(await queueNotice(store, aNotice(s, await openOutage(store, s)), channels, T0));
    }
    return ids;
  }

  it('both claim the same due deliveries at once: each delivery is claimed exactly once', async () => {
    const [a, b] = await twoCollectors();
    await downNotices(a, 20, ['webhook', 'email']);
    for (let round = 0; round < ROUNDS; round++) {
      const now = T0 + round * 10 * MINUTE; // every lease of the previous round has expired
      const claimAll = async (store: Store): Promise<number[]> => {
        const due = await store.outbox.listDueDeliveries(now, 100);
        const won = await Promise.all(due.map(async (d) => ((await store.outbox.claim(d, now + MINUTE)) ? d.id : null)));
        return won.filter((id): id is number => id !== null);
      };
      const [byA, byB] = await Promise.all([claimAll(a), claimAll(b)]);
      const all = [...byA, ...byB].sort((x, y) => x - y);
      expect(all).toHaveLength(40);
      expect(new Set(all).size).toBe(40);
    }
    expect((await a.outbox.deliveryStats()).map((s) => [s.channel, s.status, s.n])).toEqual([['email', 'sending', 20], ['webhook', 'sending', 20]]);
  });

  it('two compare-and-set updates of the same liveness row at once: exactly one succeeds', async () => {
    const [a, b] = await twoCollectors();
    const id = await addServer(a);
    for (let round = 0; round < ROUNDS * 4; round++) {
      const prev = (await a.liveness.get(id))!;
      const at = T0 + round * MINUTE;
      const results = await Promise.all([a.liveness.update(prev, onlineAt(prev, at)), b.liveness.update(prev, { ...onlineAt(prev, at), state: 'late' })]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await b.liveness.get(id))?.version).toBe(prev.version + 1);
    }
  });

  it('two batch claims of the same channel and kind at once: every delivery lands in exactly one batch', async () => {
    const [a, b] = await twoCollectors();
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await downNotices(a, 30, ['grouped']);
      const lease = { nowMs: T0, leaseUntilMs: T0 + MINUTE };
      const batches = (await Promise.all([a.batches.claimNew('grouped', 'down', lease), b.batches.claimNew('grouped', 'down', lease)]))
        .filter((x) => x !== undefined);
      expect(batches).toHaveLength(1);
      const members = (await Promise.all(batches.map((x) => a.batches.members(x.id)))).flat();
      expect(members.sort((x, y) => x - y)).toEqual(ids);
      for (const batch of batches) await a.batches.markSent(batch.id, T0);
    }
  });

  it('the same notice queued by both at once: one row, one id, the other gets null', async () => {
    const [a, b] = await twoCollectors();
    const s = await addServer(a);
    const o = await openOutage(a, s);
    for (let seq = 0; seq < ROUNDS * 4; seq++) {
      const n = aNotice(s, o, { kind: 'reminder', seq });
      const ids = await Promise.all([a.outbox.addNotice(n), b.outbox.addNotice(n), a.outbox.addNotice(n), b.outbox.addNotice(n)]);
      expect(ids.filter((x) => x !== null)).toHaveLength(1);
    }
    expect(await b.outbox.countNotices(o, 'reminder')).toBe(ROUNDS * 4);
  });

  it('the same message id marked received by both at once: exactly one is told it is new', async () => {
    const [a, b] = await twoCollectors();
    const s = await addServer(a);
    for (let i = 0; i < ROUNDS * 4; i++) {
      const results = await Promise.all([a.servers.markReceived(`m${i}`, s, 'event', T0), b.servers.markReceived(`m${i}`, s, 'event', T0)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it('the last uses of an enrolment key taken by both at once never exceed its maximum', async () => {
    const [a, b] = await twoCollectors();
    const id = await a.enrolmentKeys.add({ keyHash: 'k', academie: null, uaiPrefix: null, expiresAtMs: T0, maxUses: 5, autoApprove: false, createdAtMs: T0, createdBy: 'x' });
    const taken = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).enrolmentKeys.takeUse(id)));
    expect(taken.filter(Boolean)).toHaveLength(5);
  });
});
