// Store contract: the store itself (transactions, savepoints, isolation from statements outside a running
// transaction) and values that come back with the same JavaScript types on both engines.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../../collector/storage/store.ts';
import { aMinimalReport } from '../../../../shared/testing/messages.ts';
import { addServer, aNotice, forEachStore, MINUTE, onlineAt, openOutage, queueNotice, T0 } from '../../../helpers/store-contract.ts';

const machines = async (store: Store): Promise<string[]> => (await store.servers.list()).map((s) => s.machine).sort();

forEachStore((_name, open) => {
  describe('transactions', () => {
    it('commit every write together and return the function’s value', async () => {
      const store = await open();
      const id = await store.transaction(async () => {
        const s = await addServer(store, { machine: 'a' });
        await openOutage(store, s);
        return s;
      });
      expect(await machines(store)).toEqual(['a']);
      expect((await store.liveness.openOutage(id))?.serverId).toBe(id);
      await store.ping();
    });

    it('a throw inside rolls back every write and rejects with the error', async () => {
      const store = await open();
      await addServer(store, { machine: 'before' });
      const boom = new Error('boom');
      await expect(store.transaction(async () => {
        const s = await addServer(store, { machine: 'a' });
        await openOutage(store, s);
        await store.audit.record({ atMs: T0, actor: 'x', action: 'y' });
        throw boom;
      })).rejects.toBe(boom);
      expect(await machines(store)).toEqual(['before']);
      expect(await store.liveness.openOutages()).toEqual([]);
      expect(await store.audit.list(0, 10)).toEqual([]);
    });

    it('a failing statement inside (a constraint) rolls the whole transaction back', async () => {
      const store = await open();
      await expect(store.transaction(async () => {
        await addServer(store, { uai: 'U', machine: 'a' });
        await addServer(store, { uai: 'U', machine: 'a' });
      })).rejects.toThrow();
      expect(await machines(store)).toEqual([]);
      await addServer(store, { machine: 'after' }); // the store is usable again
      expect(await machines(store)).toEqual(['after']);
    });

    it('a nested transaction that throws rolls back only its own writes; the outer ones commit', async () => {
      const store = await open();
      await store.transaction(async () => {
        await addServer(store, { machine: 'outer-1' });
        await expect(store.transaction(async () => {
          await addServer(store, { machine: 'inner' });
          throw new Error('inner');
        })).rejects.toThrow('inner');
        await store.transaction(async () => addServer(store, { machine: 'inner-ok' }));
        await addServer(store, { machine: 'outer-2' });
      });
      expect(await machines(store)).toEqual(['inner-ok', 'outer-1', 'outer-2']);
    });

    it('an outer rollback undoes the writes of a nested transaction that committed', async () => {
      const store = await open();
      await expect(store.transaction(async () => {
        await store.transaction(async () => addServer(store, { machine: 'inner' }));
        throw new Error('outer');
      })).rejects.toThrow('outer');
      expect(await machines(store)).toEqual([]);
    });

    it('a statement issued outside a running transaction is not rolled back with it', async () => {
      const store = await open();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inside = new Promise<void>((resolve) => (started = resolve));
      const tx = store.transaction(async () => {
        await addServer(store, { machine: 'inside' });
        started();
        await gate;
        throw new Error('rolled back');
      });
      await inside;
      const outside = addServer(store, { machine: 'outside' }); // waits (SQLite) or runs beside it (PostgreSQL)
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await expect(tx).rejects.toThrow('rolled back');
      await outside;
      expect(await machines(store)).toEqual(['outside']);
    });

    it('concurrent transactions each commit their own writes', async () => {
      const store = await open();
      await Promise.all(['a', 'b', 'c'].map((m) => store.transaction(async () => {
        const s = await addServer(store, { machine: m });
        await new Promise((resolve) => setTimeout(resolve, 5));
        await openOutage(store, s);
      })));
      expect(await machines(store)).toEqual(['a', 'b', 'c']);
      expect(await store.liveness.openOutages()).toHaveLength(3);
    });
  });

  describe('value types', () => {
    it('ids, instants, counts, sums, minimums and maximums are numbers; REAL keeps its fraction; null stays null', async () => {
      const store = await open();
      const big = 8_000_000_000_000_000; // beyond 2^32, below 2^53
      const s = await addServer(store, { enrolledAtMs: big });
      const row = (await store.servers.findById(s))!;
      expect(row).toMatchObject({ id: s, enrolledAtMs: big, academie: null, retiredAtMs: null });
      expect(typeof row.id).toBe('number');
      const prev = (await store.liveness.get(s))!;
      await store.liveness.update(prev, { ...onlineAt(prev, T0), intervalSeconds: 0.1, bootTimeMs: -1 });
      expect(await store.liveness.get(s)).toMatchObject({ intervalSeconds: 0.1, bootTimeMs: -1, version: 1, stateSinceMs: T0 });
      const o = await openOutage(store, s);
      await queueNotice(store, aNotice(s, o), ['grouped', 'webhook'], T0);
      const [d] = await store.outbox.listDueDeliveries(T0, 10, ['grouped']);
      await store.outbox.claim(d!, T0 + MINUTE);
      await store.outbox.scheduleRetry(d!.id, T0 + MINUTE, 'e');
      expect(await store.outbox.countNotices(o, 'down')).toBe(1);
      expect(await store.outbox.pendingCount()).toBe(2);
      expect(await store.outbox.deliveryStats()).toEqual([
        { channel: 'grouped', status: 'pending', n: 1, retries: 0 },
        { channel: 'webhook', status: 'pending', n: 1, retries: 1 },
      ]);
      expect(await store.batches.dueKinds('grouped', T0)).toEqual([{ kind: 'down', dueMs: T0 }]);
      await store.instances.recordSweep('a', big, big + 1);
      expect(await store.instances.lastSweepOfOthers('b')).toBe(big + 1);
      expect(await store.ups.episode(await store.ups.open({ serverId: s, upsName: 'u', startedAtMs: T0, chargeRatio: 1 / 3, runtimeSeconds: 0, lowBatteryAtMs: null, notifiedSeverity: null })))
        .toMatchObject({ chargeRatio: 1 / 3, runtimeSeconds: 0, lowBatteryAtMs: null, endedAtMs: null });
    });

    it('text keeps accents, emoji, quotes, placeholders-like characters and the empty string', async () => {
      const store = await open();
      const name = "L'École « Émile-Zola » 🏫 ? @name $1 -- not a comment";
      const s = await addServer(store, { uai: 'U', machine: 'm', name, academie: '' });
      expect(await store.servers.findById(s)).toMatchObject({ name, academie: '' });
      const id = await store.audit.record({ atMs: T0, actor: '?', action: '@x', target: "'; DROP TABLE servers; --", details: { s: 'é\u0000?' } });
      expect((await store.audit.list(0, 1))[0]).toEqual({ id, atMs: T0, actor: '?', action: '@x', target: "'; DROP TABLE servers; --", details: { s: 'é\u0000?' } });
    });

    it('a large report body (binary) round-trips byte for byte', async () => {
      const store = await open();
      const s = await addServer(store);
      const report = { ...aMinimalReport(), padding: Array.from({ length: 20_000 }, (_, i) => `${i}-é-${Math.random()}`) };
      await store.reports.putLatest({ serverId: s, messageId: report.messageId, finishedAtMs: T0, receivedAtMs: T0, orderAtMs: T0, day: '2025-07-10', report, aggregatesJson: '{}' });
      expect((await store.reports.getLatest(s))?.report).toEqual(report);
    });
  });
});
