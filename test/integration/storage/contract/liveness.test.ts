// Store contract: liveness records (compare-and-set, deadlines), transitions and outages, on both engines.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../../collector/storage/store.ts';
import { addServer, forEachStore, MINUTE, onlineAt, openOutage, T0 } from '../../../helpers/store-contract.ts';

/** A server whose liveness is online, seen at `atMs` (late at +2 min, offline at +5 min). */
async function onlineServer(store: Store, atMs: number, over: { uai?: string; machine?: string } = {}): Promise<number> {
  const id = await addServer(store, over);
  const prev = (await store.liveness.get(id))!;
  expect(await store.liveness.update(prev, onlineAt(prev, atMs))).toBe(true);
  return id;
}

forEachStore((_name, open) => {
  describe('liveness records', () => {
    it('get, list (by uai, machine) and listByUai carry the server identity', async () => {
      const store = await open();
      const b = await addServer(store, { uai: 'B', machine: 'm' });
      const a = await addServer(store, { uai: 'A', machine: 'm', academie: 'ac-lyon' });
      expect(await store.liveness.get(a)).toEqual({
        serverId: a, uai: 'A', machine: 'm', name: 'Collège Jean Moulin', academie: 'ac-lyon', retiredAtMs: null, state: 'unknown',
        stateSinceMs: T0, lastSeenMs: null, intervalSeconds: null, bootTimeMs: null, lateAtMs: null, offlineAtMs: null, version: 0,
      });
      expect(await store.liveness.get(a + b + 1000)).toBeUndefined();
      expect((await store.liveness.list()).map((r) => r.serverId)).toEqual([a, b]);
      expect((await store.liveness.listByUai('B')).map((r) => r.serverId)).toEqual([b]);
    });

    it('update is compare-and-set: it bumps the version, and a stale version or state loses', async () => {
      const store = await open();
      const id = await addServer(store);
      const prev = (await store.liveness.get(id))!;
      const next = { ...onlineAt(prev, T0 + MINUTE), intervalSeconds: 60.5 };
      expect(await store.liveness.update(prev, next)).toBe(true);
      const now = (await store.liveness.get(id))!;
      expect(now).toMatchObject({ ...next, version: 1 });
      expect(await store.liveness.update(prev, { ...next, state: 'late' })).toBe(false);
      expect(await store.liveness.update({ ...now, state: 'late' }, { ...next, state: 'offline' })).toBe(false);
      expect(await store.liveness.get(id)).toEqual(now);
      expect(await store.liveness.update(now, { ...next, state: 'late' })).toBe(true);
      expect((await store.liveness.get(id))?.version).toBe(2);
    });

    it('listDue: online past its late or offline deadline, late past its offline deadline, earliest offline first', async () => {
      const store = await open();
      const early = await onlineServer(store, T0); // late T0+2, offline T0+5
      const later = await onlineServer(store, T0 + MINUTE); // late T0+3, offline T0+6
      await addServer(store); // unknown: never due
      expect(await store.liveness.listDue(T0 + 2 * MINUTE - 1)).toEqual([]);
      expect((await store.liveness.listDue(T0 + 2 * MINUTE)).map((r) => r.serverId)).toEqual([early]);
      expect((await store.liveness.listDue(T0 + 3 * MINUTE)).map((r) => r.serverId)).toEqual([early, later]);
      expect((await store.liveness.listDue(T0 + 3 * MINUTE, 1)).map((r) => r.serverId)).toEqual([early]);
      const row = (await store.liveness.get(early))!;
      await store.liveness.update(row, { ...row, state: 'late', lateAtMs: null });
      expect((await store.liveness.listDue(T0 + 4 * MINUTE)).map((r) => r.serverId)).toEqual([later]);
      expect((await store.liveness.listDue(T0 + 5 * MINUTE)).map((r) => r.serverId)).toEqual([early, later]);
    });

    it('listDue orders equal deadlines by server id', async () => {
      const store = await open();
      const ids = [await onlineServer(store, T0), await onlineServer(store, T0), await onlineServer(store, T0)];
      const first = (await store.liveness.get(ids[0]!))!;
      await store.liveness.update(first, onlineAt(first, T0)); // rewritten last: a heap or rowid order would differ
      expect((await store.liveness.listDue(T0 + 5 * MINUTE)).map((r) => r.serverId)).toEqual(ids);
    });

    it('postponeDeadlines only moves deadlines later and keeps null deadlines null', async () => {
      const store = await open();
      const id = await onlineServer(store, T0);
      await store.liveness.postponeDeadlines(id, T0 + 3 * MINUTE);
      expect(await store.liveness.get(id)).toMatchObject({ lateAtMs: T0 + 3 * MINUTE, offlineAtMs: T0 + 5 * MINUTE, version: 2 });
      const unknown = await addServer(store);
      await store.liveness.postponeDeadlines(unknown, T0 + 9 * MINUTE);
      expect(await store.liveness.get(unknown)).toMatchObject({ lateAtMs: null, offlineAtMs: null });
    });

    it('listRetirementChanges: retired servers not yet retired in liveness, and the reverse', async () => {
      const store = await open();
      const a = await addServer(store);
      await addServer(store);
      expect(await store.liveness.listRetirementChanges()).toEqual([]);
      await store.servers.retire(a, T0 + 1);
      expect((await store.liveness.listRetirementChanges()).map((r) => [r.serverId, r.retiredAtMs])).toEqual([[a, T0 + 1]]);
    });
  });

  describe('transitions', () => {
    it('are listed in insertion order, with their outage id or null', async () => {
      const store = await open();
      const id = await addServer(store);
      const outage = await openOutage(store, id);
      await store.liveness.addTransition(id, { from: 'unknown', to: 'online', atMs: T0, reason: 'first_heartbeat' }, null);
      await store.liveness.addTransition(id, { from: 'online', to: 'offline', atMs: T0 - 5, reason: 'offline_deadline' }, outage);
      expect(await store.liveness.transitionsOf(id)).toEqual([
        { from: 'unknown', to: 'online', atMs: T0, reason: 'first_heartbeat', outageId: null },
        { from: 'online', to: 'offline', atMs: T0 - 5, reason: 'offline_deadline', outageId: outage },
      ]);
    });
  });

  describe('outages', () => {
    it('open: one open outage per server, with its notice deadline', async () => {
      const store = await open();
      const id = await addServer(store);
      const o = await openOutage(store, id, T0, T0 + 5 * MINUTE);
      const expected = {
        id: o, serverId: id, startedAtMs: T0, endedAtMs: null, cause: 'network', provisional: true, rebooted: null, detectedAtMs: T0 + MINUTE,
        past: false, notBeforeMs: T0 + 5 * MINUTE, nextNoticeAtMs: T0 + 5 * MINUTE, downNotifiedAtMs: null, lastNoticeAtMs: null,
        notifiedSeverity: null, announcedCause: null, announcedWindow: null, causeDetail: null,
      };
      expect(await store.liveness.openOutage(id)).toEqual(expected);
      expect(await store.liveness.outage(o)).toEqual(expected);
      expect(await store.liveness.openOutages()).toEqual([expected]);
      expect(await store.liveness.getWithOpenOutage(id)).toEqual({ row: await store.liveness.get(id), open: expected });
      await expect(openOutage(store, id)).rejects.toThrow();
    });

    it('getWithOpenOutage: the record without an outage, and nothing for an unknown server', async () => {
      const store = await open();
      const id = await addServer(store);
      expect(await store.liveness.getWithOpenOutage(id)).toEqual({ row: await store.liveness.get(id), open: undefined });
      expect(await store.liveness.getWithOpenOutage(id + 999)).toBeUndefined();
    });

    it('close ends the open outage once; record_past stores a closed outage; outagesOf orders by start', async () => {
      const store = await open();
      const id = await addServer(store);
      const o = await openOutage(store, id, T0);
      expect(await store.liveness.applyOutageOp(id, { op: 'close', outageId: o, endedAtMs: T0 + 9 * MINUTE, cause: 'shutdown', rebooted: true }, T0, T0)).toBe(o);
      await store.liveness.applyOutageOp(id, { op: 'close', outageId: o, endedAtMs: T0 + 99 * MINUTE, cause: 'site', rebooted: false }, T0, T0);
      expect(await store.liveness.outage(o)).toMatchObject({ endedAtMs: T0 + 9 * MINUTE, cause: 'shutdown', provisional: false, rebooted: true, nextNoticeAtMs: null });
      expect(await store.liveness.openOutage(id)).toBeUndefined();
      const past = await store.liveness.applyOutageOp(id, { op: 'record_past', startedAtMs: T0 - 60 * MINUTE, endedAtMs: T0 - 50 * MINUTE, cause: 'power_loss' }, T0 + 1, T0 + 2);
      expect(await store.liveness.outage(past!)).toMatchObject({
        startedAtMs: T0 - 60 * MINUTE, endedAtMs: T0 - 50 * MINUTE, past: true, rebooted: true, provisional: false, detectedAtMs: T0 + 1,
        notBeforeMs: T0 + 1, nextNoticeAtMs: null,
      });
      expect((await store.liveness.outagesOf(id)).map((x) => x.id)).toEqual([past, o]);
      expect(await store.liveness.listNoticeDue(T0 + 999 * MINUTE)).toEqual([]);
    });

    it('relabel, cause detail (power_loss only, cleared by another cause) and relabel_last_closed', async () => {
      const store = await open();
      const id = await addServer(store);
      const o = await openOutage(store, id);
      await store.liveness.setCauseDetail(o, 'ups_exhausted');
      expect((await store.liveness.outage(o))?.causeDetail).toBeNull();
      expect(await store.liveness.applyOutageOp(id, { op: 'relabel', outageId: o, cause: 'power_loss', provisional: false }, T0, T0)).toBe(o);
      await store.liveness.setCauseDetail(o, 'ups_exhausted');
      expect(await store.liveness.outage(o)).toMatchObject({ cause: 'power_loss', provisional: false, causeDetail: 'ups_exhausted' });
      await store.liveness.applyOutageOp(id, { op: 'close', outageId: o, endedAtMs: T0 + MINUTE, cause: 'power_loss', rebooted: null }, T0, T0);
      expect(await store.liveness.outage(o)).toMatchObject({ causeDetail: 'ups_exhausted', rebooted: null });
      expect(await store.liveness.applyOutageOp(id, { op: 'relabel_last_closed', from: 'network', cause: 'shutdown' }, T0, T0)).toBeNull();
      expect(await store.liveness.applyOutageOp(id, { op: 'relabel_last_closed', from: 'power_loss', cause: 'shutdown' }, T0, T0)).toBe(o);
      expect(await store.liveness.outage(o)).toMatchObject({ cause: 'shutdown', causeDetail: null, provisional: false });
      await store.liveness.relabelOutage(o, 'site', true);
      expect(await store.liveness.outage(o)).toMatchObject({ cause: 'site', provisional: true });
      expect(await store.liveness.applyOutageOp(await addServer(store), { op: 'relabel_last_closed', from: 'site', cause: 'shutdown' }, T0, T0)).toBeNull();
    });

    it('relabel_last_closed takes the outage that ended last', async () => {
      const store = await open();
      const id = await addServer(store);
      const a = await openOutage(store, id, T0);
      await store.liveness.applyOutageOp(id, { op: 'close', outageId: a, endedAtMs: T0 + 50 * MINUTE, cause: 'power_loss', rebooted: true }, T0, T0);
      const b = (await store.liveness.applyOutageOp(id, { op: 'record_past', startedAtMs: T0 - 90 * MINUTE, endedAtMs: T0 - 80 * MINUTE, cause: 'power_loss' }, T0, T0))!;
      expect(await store.liveness.applyOutageOp(id, { op: 'relabel_last_closed', from: 'power_loss', cause: 'shutdown' }, T0, T0)).toBe(a);
      expect((await store.liveness.outage(b))?.cause).toBe('power_loss');
    });

    it('listNoticeDue: open outages whose next notice is due, earliest first (ties by id); setNoticeState writes only what it is given', async () => {
      const store = await open();
      const s1 = await addServer(store);
      const s2 = await addServer(store);
      const s3 = await addServer(store);
      const o2 = await openOutage(store, s2, T0, T0 + 5 * MINUTE);
      const o1 = await openOutage(store, s1, T0, T0 + 3 * MINUTE);
      const o3 = await openOutage(store, s3, T0, T0 + 5 * MINUTE);
      expect((await store.liveness.listNoticeDue(T0 + 5 * MINUTE)).map((o) => o.id)).toEqual([o1, o2, o3]);
      expect((await store.liveness.listNoticeDue(T0 + 5 * MINUTE, 2)).map((o) => o.id)).toEqual([o1, o2]);
      await store.liveness.setNoticeState(o1, { nextNoticeAtMs: T0 + 60 * MINUTE, downNotifiedAtMs: T0 + 3 * MINUTE, lastNoticeAtMs: T0 + 3 * MINUTE, notifiedSeverity: 'critical', announcedCause: 'network', announcedWindow: 'school hours' });
      await store.liveness.setNoticeState(o1, { nextNoticeAtMs: T0 + 61 * MINUTE, announcedWindow: null });
      expect(await store.liveness.outage(o1)).toMatchObject({
        nextNoticeAtMs: T0 + 61 * MINUTE, downNotifiedAtMs: T0 + 3 * MINUTE, lastNoticeAtMs: T0 + 3 * MINUTE, notifiedSeverity: 'critical',
        announcedCause: 'network', announcedWindow: null,
      });
      await store.liveness.setNoticeState(o2, { nextNoticeAtMs: null });
      expect((await store.liveness.listNoticeDue(T0 + 60 * MINUTE)).map((o) => o.id)).toEqual([o3]);
    });

    it('countClosedByCause counts closed outages per server and cause, ordered by uai, machine, cause', async () => {
      const store = await open();
      const b = await addServer(store, { uai: 'B', machine: 'm' });
      const a = await addServer(store, { uai: 'A', machine: 'm' });
      for (const [id, cause] of [[b, 'network'], [a, 'site'], [a, 'network'], [a, 'site']] as const) {
        await store.liveness.applyOutageOp(id, { op: 'record_past', startedAtMs: T0, endedAtMs: T0 + 1, cause }, T0, T0);
      }
      await openOutage(store, a, T0 + 9);
      expect((await store.liveness.countClosedByCause()).map(({ uai, machine, cause, n }) => ({ uai, machine, cause, n }))).toEqual([
        { uai: 'A', machine: 'm', cause: 'network', n: 1 },
        { uai: 'A', machine: 'm', cause: 'site', n: 2 },
        { uai: 'B', machine: 'm', cause: 'network', n: 1 },
      ]);
    });
  });
});
