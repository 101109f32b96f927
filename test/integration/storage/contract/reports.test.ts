// Store contract: reports (latest, daily snapshots, aggregates), silences and the availability queries.
import { describe, expect, it } from 'vitest';
import type { ReportRecord } from '../../../../collector/storage/reports-repo.ts';
import { aHeartbeat, aMinimalReport } from '../../../../shared/testing/messages.ts';
import { addServer, forEachStore, MINUTE, openOutage, T0 } from '../../../helpers/store-contract.ts';

function record(serverId: number, day: string, orderAtMs: number, over: Partial<ReportRecord> = {}): ReportRecord {
  const report = aMinimalReport();
  return {
    serverId, messageId: report.messageId, finishedAtMs: orderAtMs - 10, receivedAtMs: orderAtMs + 10, orderAtMs, day, report,
    aggregatesJson: JSON.stringify({ users: orderAtMs }), ...over,
  };
}

forEachStore((_name, open) => {
  describe('reports', () => {
    it('putLatest upserts the one latest report per server; it round-trips (gzip body) with its order and aggregates', async () => {
      const store = await open();
      const s = await addServer(store, { uai: 'U', machine: 'scribe', name: 'École' });
      expect(await store.reports.latestOrderAtMs(s)).toBeUndefined();
      expect(await store.reports.getLatest(s)).toBeUndefined();
      expect(await store.reports.latestAggregatesJson(s)).toBeUndefined();
      const first = record(s, '2025-07-10', T0);
      await store.reports.putLatest(first);
      const second = record(s, '2025-07-11', T0 + 1000);
      await store.reports.putLatest(second);
      expect(await store.reports.latestOrderAtMs(s)).toBe(T0 + 1000);
      expect(await store.reports.getLatest(s)).toEqual({
        serverId: s, uai: 'U', machine: 'scribe', schoolName: 'École', messageId: second.messageId, finishedAtMs: T0 + 990,
        receivedAtMs: T0 + 1010, orderAtMs: T0 + 1000, day: null, report: second.report,
      });
      expect(await store.reports.latestAggregatesJson(s)).toBe(second.aggregatesJson);
      await store.reports.updateAggregates(s, '{"v":2}');
      expect(await store.reports.latestAggregatesJson(s)).toBe('{"v":2}');
    });

    it('snapshots: one per server and day (upserted), baseline on or before a day else the first after, pruned by day', async () => {
      const store = await open();
      const s = await addServer(store);
      for (const [day, at] of [['2025-07-12', T0 + 2], ['2025-07-10', T0], ['2025-07-14', T0 + 4]] as const) await store.reports.putSnapshot(record(s, day, at));
      const replaced = record(s, '2025-07-12', T0 + 3);
      await store.reports.putSnapshot(replaced);
      expect(await store.reports.snapshotOrderAtMs(s, '2025-07-12')).toBe(T0 + 3);
      expect(await store.reports.snapshotOrderAtMs(s, '2025-07-11')).toBeUndefined();
      expect(await store.reports.listSnapshotDays(s)).toEqual(['2025-07-10', '2025-07-12', '2025-07-14']);
      expect(await store.reports.findBaseline(s, '2025-07-13')).toMatchObject({ day: '2025-07-12', messageId: replaced.messageId, report: replaced.report });
      expect((await store.reports.findBaseline(s, '2025-07-12'))?.day).toBe('2025-07-12');
      expect((await store.reports.findBaseline(s, '2025-07-01'))?.day).toBe('2025-07-10');
      expect((await store.reports.findBaseline(s, '2025-08-01'))?.day).toBe('2025-07-14');
      expect(await store.reports.pruneSnapshotsBefore('2025-07-12')).toBe(1);
      expect(await store.reports.listSnapshotDays(s)).toEqual(['2025-07-12', '2025-07-14']);
      expect(await store.reports.findBaseline(await addServer(store), '2025-07-12')).toBeUndefined();
      expect(await store.reports.getLatest(s)).toBeUndefined();
    });

    it('listLatestRefs and listLatestAggregates: active servers with a latest report, by uai then machine', async () => {
      const store = await open();
      const b = await addServer(store, { uai: 'B', machine: 'm' });
      const a2 = await addServer(store, { uai: 'A', machine: 'z' });
      const a1 = await addServer(store, { uai: 'A', machine: 'a' });
      const retired = await addServer(store, { uai: 'A', machine: 'r' });
      await addServer(store, { uai: 'A', machine: 'none' });
      for (const id of [b, a2, a1, retired]) await store.reports.putLatest(record(id, '2025-07-10', T0, { aggregatesJson: `{"id":${id}}` }));
      await store.servers.retire(retired, T0);
      expect(await store.reports.listLatestRefs(null)).toEqual([
        { serverId: a1, uai: 'A', machine: 'a' }, { serverId: a2, uai: 'A', machine: 'z' }, { serverId: b, uai: 'B', machine: 'm' },
      ]);
      expect(await store.reports.listLatestRefs('A')).toEqual([{ serverId: a1, uai: 'A', machine: 'a' }, { serverId: a2, uai: 'A', machine: 'z' }]);
      expect(await store.reports.listLatestAggregates()).toEqual([
        { serverId: a1, uai: 'A', machine: 'a', aggregatesJson: `{"id":${a1}}` },
        { serverId: a2, uai: 'A', machine: 'z', aggregatesJson: `{"id":${a2}}` },
        { serverId: b, uai: 'B', machine: 'm', aggregatesJson: `{"id":${b}}` },
      ]);
    });
  });

  describe('silences', () => {
    it('add, listCurrent (by end then id, future ones included), listCurrentForUai and remove once', async () => {
      const store = await open();
      const base = { reason: 'travaux', createdBy: 'admin', createdAtMs: T0 };
      const late = await store.silences.add({ ...base, uai: 'U', machine: null, startsAtMs: T0, endsAtMs: T0 + 60 * MINUTE });
      const soon = await store.silences.add({ ...base, uai: 'U', machine: 'scribe', startsAtMs: T0, endsAtMs: T0 + 10 * MINUTE });
      const future = await store.silences.add({ ...base, uai: 'V', machine: null, startsAtMs: T0 + 30 * MINUTE, endsAtMs: T0 + 40 * MINUTE });
      const over = await store.silences.add({ ...base, uai: 'U', machine: null, startsAtMs: T0 - 9 * MINUTE, endsAtMs: T0 });
      expect((await store.silences.listCurrent(T0)).map((s) => s.id)).toEqual([soon, future, late]);
      expect((await store.silences.listCurrentForUai('U', T0)).map((s) => s.id)).toEqual([soon, late]);
      expect((await store.silences.listCurrent(T0))[0]).toEqual({
        id: soon, uai: 'U', machine: 'scribe', startsAtMs: T0, endsAtMs: T0 + 10 * MINUTE, reason: 'travaux', createdBy: 'admin',
      });
      expect(await store.silences.remove(over, T0)).toBe(false);
      expect(await store.silences.remove(soon, T0 + 1)).toBe(true);
      expect(await store.silences.remove(soon, T0 + 2)).toBe(false);
      expect((await store.silences.listCurrentForUai('U', T0)).map((s) => s.id)).toEqual([late]);
    });
  });

  describe('availability', () => {
    it('serversWithOutages: servers in range with first sign of life, state and overlapping outages', async () => {
      const store = await open();
      const a = await addServer(store, { uai: 'A', machine: 'm', name: 'École A', enrolledAtMs: T0 - 100 * MINUTE });
      const b = await addServer(store, { uai: 'B', machine: 'm', name: 'École B', enrolledAtMs: T0 - 100 * MINUTE });
      await addServer(store, { uai: 'C', machine: 'late', enrolledAtMs: T0 + 100 * MINUTE });
      const gone = await addServer(store, { uai: 'C', machine: 'gone', enrolledAtMs: T0 - 100 * MINUTE });
      await store.servers.retire(gone, T0 - 50 * MINUTE);
      await store.liveness.addTransition(a, { from: 'unknown', to: 'online', atMs: T0 - 90 * MINUTE, reason: 'first_heartbeat' }, null);
      await store.liveness.applyOutageOp(a, { op: 'record_past', startedAtMs: T0 - 80 * MINUTE, endedAtMs: T0 - 70 * MINUTE, cause: 'power_loss' }, T0, T0);
      await store.liveness.applyOutageOp(a, { op: 'record_past', startedAtMs: T0 - 20 * MINUTE, endedAtMs: T0 - 10 * MINUTE, cause: 'shutdown' }, T0, T0);
      await openOutage(store, a, T0 - 5 * MINUTE);
      const prev = (await store.liveness.get(a))!;
      await store.liveness.update(prev, { ...prev, state: 'offline', lastSeenMs: T0 - 5 * MINUTE });
      const result = await store.availability.serversWithOutages(null, T0 - 30 * MINUTE, T0);
      expect(result).toEqual([
        {
          uai: 'A', machine: 'm', schoolName: 'École A', academie: null, enrolledAtMs: T0 - 100 * MINUTE, retiredAtMs: null,
          firstSeenAtMs: T0 - 90 * MINUTE, state: 'offline', outages: [
            { startedAtMs: T0 - 20 * MINUTE, endedAtMs: T0 - 10 * MINUTE, cause: 'shutdown', causeDetail: null, provisional: false, rebooted: true },
            { startedAtMs: T0 - 5 * MINUTE, endedAtMs: null, cause: 'network', causeDetail: null, provisional: true, rebooted: null },
          ],
        },
        {
          uai: 'B', machine: 'm', schoolName: 'École B', academie: null, enrolledAtMs: T0 - 100 * MINUTE, retiredAtMs: null,
          firstSeenAtMs: null, state: 'unknown', outages: [],
        },
      ]);
      expect((await store.availability.serversWithOutages('B', T0 - 30 * MINUTE, T0)).map((s) => s.uai)).toEqual(['B']);
      await store.servers.recordHeartbeat(b, aHeartbeat(), T0, 600_000); // seen, without a history: counted from enrolment
      expect((await store.availability.serversWithOutages('B', T0 - 30 * MINUTE, T0))[0]?.firstSeenAtMs).toBe(T0 - 100 * MINUTE);
    });

    it('silences overlapping the range; a removed silence ends at its removal', async () => {
      const store = await open();
      const base = { reason: 'r', createdBy: 'admin', createdAtMs: T0 };
      await store.silences.add({ ...base, uai: 'U', machine: null, startsAtMs: T0 - 60 * MINUTE, endsAtMs: T0 - 40 * MINUTE });
      const cut = await store.silences.add({ ...base, uai: 'U', machine: 'm', startsAtMs: T0 - 20 * MINUTE, endsAtMs: T0 + 60 * MINUTE });
      await store.silences.add({ ...base, uai: 'V', machine: null, startsAtMs: T0 - 10 * MINUTE, endsAtMs: T0 + 10 * MINUTE });
      await store.silences.remove(cut, T0 - 5 * MINUTE);
      expect(await store.availability.silences(null, T0 - 30 * MINUTE, T0)).toEqual([
        { uai: 'U', machine: 'm', startsAtMs: T0 - 20 * MINUTE, endsAtMs: T0 - 5 * MINUTE, reason: 'r' },
        { uai: 'V', machine: null, startsAtMs: T0 - 10 * MINUTE, endsAtMs: T0 + 10 * MINUTE, reason: 'r' },
      ]);
      expect(await store.availability.silences('U', T0 - 4 * MINUTE, T0)).toEqual([]);
      expect((await store.availability.silences('U', T0 - 70 * MINUTE, T0)).map((s) => s.endsAtMs)).toEqual([T0 - 40 * MINUTE, T0 - 5 * MINUTE]);
    });
  });
});
