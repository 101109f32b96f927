import { gunzipSync, gzipSync } from 'node:zlib';
import type { Report } from '../../shared/protocol/index.ts';
import type { SqlDb } from './sql.ts';

/** A report as stored, with its server's identity. */
export interface StoredReport {
  readonly serverId: number;
  readonly uai: string;
  readonly machine: string;
  readonly schoolName: string;
  readonly messageId: string;
  readonly finishedAtMs: number;
  readonly receivedAtMs: number;
  readonly orderAtMs: number;
  /** Europe/Paris day of `orderAtMs` (snapshots only; null for the latest). */
  readonly day: string | null;
  readonly report: Report;
}

/** What ingest writes for one report. */
export interface ReportRecord {
  readonly serverId: number;
  readonly messageId: string;
  readonly finishedAtMs: number;
  readonly receivedAtMs: number;
  readonly orderAtMs: number;
  readonly day: string;
  readonly report: Report;
  readonly aggregatesJson: string;
}

/** The Prometheus aggregates of each active server's latest report (JSON as stored). */
export interface LatestAggregatesRow {
  readonly serverId: number;
  readonly uai: string;
  readonly machine: string;
  readonly aggregatesJson: string;
}

interface RawStored {
  server_id: number;
  uai: string;
  machine: string;
  name: string;
  message_id: string;
  finished_at_ms: number;
  received_at_ms: number;
  order_at_ms: number;
  day: string | null;
  body_gz: Buffer;
}

const encode = (report: Report): Buffer => gzipSync(JSON.stringify(report));
const decode = (body: Buffer): Report => JSON.parse(gunzipSync(body).toString('utf8')) as Report;

function toStored(r: RawStored): StoredReport {
  return {
    serverId: r.server_id,
    uai: r.uai,
    machine: r.machine,
    schoolName: r.name,
    messageId: r.message_id,
    finishedAtMs: r.finished_at_ms,
    receivedAtMs: r.received_at_ms,
    orderAtMs: r.order_at_ms,
    day: r.day,
    report: decode(r.body_gz),
  };
}

const STORED = 'l.server_id, s.uai, s.machine, s.name, l.message_id, l.finished_at_ms, l.received_at_ms, l.order_at_ms';

/** Latest report per server and daily snapshots (ids of stored reports are in received_messages). */
export function createReportsRepo(db: SqlDb) {
  const latestOrder = db.prepare('SELECT order_at_ms AS o FROM report_latest WHERE server_id = ?');
  const snapshotOrder = db.prepare('SELECT order_at_ms AS o FROM report_snapshots WHERE server_id = ? AND day = ?');
  const upsertLatest = db.prepare(
    `INSERT INTO report_latest (server_id, message_id, finished_at_ms, received_at_ms, order_at_ms, body_gz, aggregates_json)
     VALUES (@serverId, @messageId, @finishedAtMs, @receivedAtMs, @orderAtMs, @body, @aggregatesJson)
     ON CONFLICT (server_id) DO UPDATE SET message_id = excluded.message_id, finished_at_ms = excluded.finished_at_ms,
       received_at_ms = excluded.received_at_ms, order_at_ms = excluded.order_at_ms, body_gz = excluded.body_gz,
       aggregates_json = excluded.aggregates_json`,
  );
  const upsertSnapshot = db.prepare(
    `INSERT INTO report_snapshots (server_id, day, message_id, finished_at_ms, received_at_ms, order_at_ms, body_gz)
     VALUES (@serverId, @day, @messageId, @finishedAtMs, @receivedAtMs, @orderAtMs, @body)
     ON CONFLICT (server_id, day) DO UPDATE SET message_id = excluded.message_id, finished_at_ms = excluded.finished_at_ms,
       received_at_ms = excluded.received_at_ms, order_at_ms = excluded.order_at_ms, body_gz = excluded.body_gz`,
  );
  const setAggregates = db.prepare('UPDATE report_latest SET aggregates_json = ? WHERE server_id = ?');
  const aggregatesOne = db.prepare('SELECT aggregates_json AS a FROM report_latest WHERE server_id = ?');
  const pruneSnapshots = db.prepare('DELETE FROM report_snapshots WHERE day < ?');
  const latestAggregates = db.prepare(
    `SELECT l.server_id AS "serverId", s.uai, s.machine, l.aggregates_json AS "aggregatesJson"
     FROM report_latest l JOIN servers s ON s.id = l.server_id WHERE s.retired_at_ms IS NULL ORDER BY s.uai, s.machine`,
  );
  const refsAll = db.prepare(
    `SELECT l.server_id AS "serverId", s.uai, s.machine FROM report_latest l JOIN servers s ON s.id = l.server_id
     WHERE s.retired_at_ms IS NULL ORDER BY s.uai, s.machine`,
  );
  const refsByUai = db.prepare(
    `SELECT l.server_id AS "serverId", s.uai, s.machine FROM report_latest l JOIN servers s ON s.id = l.server_id
     WHERE s.retired_at_ms IS NULL AND s.uai = ? ORDER BY s.machine`,
  );
  const latestOne = db.prepare(
    `SELECT ${STORED}, NULL AS day, l.body_gz FROM report_latest l JOIN servers s ON s.id = l.server_id WHERE l.server_id = ?`,
  );
  const snapshotOnOrBefore = db.prepare(
    `SELECT ${STORED}, l.day, l.body_gz FROM report_snapshots l JOIN servers s ON s.id = l.server_id
     WHERE l.server_id = ? AND l.day <= ? ORDER BY l.day DESC LIMIT 1`,
  );
  const snapshotAfter = db.prepare(
    `SELECT ${STORED}, l.day, l.body_gz FROM report_snapshots l JOIN servers s ON s.id = l.server_id
     WHERE l.server_id = ? AND l.day > ? ORDER BY l.day ASC LIMIT 1`,
  );
  const snapshotDays = db.prepare('SELECT day FROM report_snapshots WHERE server_id = ? ORDER BY day');

  return {
    /** Order key of the server's latest report, or undefined before its first. */
    async latestOrderAtMs(serverId: number): Promise<number | undefined> {
      return ((await latestOrder.get(serverId)) as { o: number } | undefined)?.o;
    },
    async snapshotOrderAtMs(serverId: number, day: string): Promise<number | undefined> {
      return ((await snapshotOrder.get(serverId, day)) as { o: number } | undefined)?.o;
    },
    async putLatest(rec: ReportRecord): Promise<void> {
      await upsertLatest.run({ ...rec, body: encode(rec.report) });
    },
    async putSnapshot(rec: ReportRecord): Promise<void> {
      await upsertSnapshot.run({ ...rec, body: encode(rec.report) });
    },
    /** Stored aggregates JSON of the server's latest report, or undefined before its first. */
    async latestAggregatesJson(serverId: number): Promise<string | undefined> {
      return ((await aggregatesOne.get(serverId)) as { a: string } | undefined)?.a;
    },
    /** Replaces the stored aggregates of a server's latest report (after an aggregates format change). */
    async updateAggregates(serverId: number, aggregatesJson: string): Promise<void> {
      await setAggregates.run(aggregatesJson, serverId);
    },
    /** Deletes snapshots of days before `day` (YYYY-MM-DD); the latest reports are never pruned. */
    async pruneSnapshotsBefore(day: string): Promise<number> {
      return (await pruneSnapshots.run(day)).changes;
    },
    async listLatestAggregates(): Promise<LatestAggregatesRow[]> {
      return (await latestAggregates.all()) as LatestAggregatesRow[];
    },
    /** Active servers that have a latest report (all, or one school's), without decoding any report. */
    async listLatestRefs(uai: string | null): Promise<Array<{ serverId: number; uai: string; machine: string }>> {
      return (uai === null ? await refsAll.all() : await refsByUai.all(uai)) as Array<{ serverId: number; uai: string; machine: string }>;
    },
    async getLatest(serverId: number): Promise<StoredReport | undefined> {
      const r = (await latestOne.get(serverId)) as RawStored | undefined;
      return r && toStored(r);
    },
    /** The snapshot of `day`, else the closest earlier one, else the first later one (undefined if none). */
    async findBaseline(serverId: number, day: string): Promise<StoredReport | undefined> {
      const r = (await snapshotOnOrBefore.get(serverId, day) ?? await snapshotAfter.get(serverId, day)) as RawStored | undefined;
      return r && toStored(r);
    },
    async listSnapshotDays(serverId: number): Promise<string[]> {
      return ((await snapshotDays.all(serverId)) as { day: string }[]).map((r) => r.day);
    },
  };
}
export type ReportsRepo = ReturnType<typeof createReportsRepo>;
