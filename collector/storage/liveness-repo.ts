/**
 * Liveness storage: each server's state and deadlines (compare-and-set updates), the transitions history and
 * the outages. Synchronous (better-sqlite3); callers group writes in `store.transaction`.
 */
import type { Severity } from '../domain/notice-vocabulary.ts';
import type { OpenOutage, OutageOp } from '../domain/liveness-machine.ts';
import type { CauseDetail, LivenessRecord, LivenessState, OutageCause, Transition } from '../domain/liveness-state.ts';
import type { SqlDb } from './sql.ts';

/** A liveness record with the server's identity. */
export interface LivenessRow extends LivenessRecord {
  readonly machine: string;
  readonly name: string;
  readonly academie: string | null;
  readonly retiredAtMs: number | null;
  readonly version: number;
}

/** An outage as stored, with its notice bookkeeping. */
export interface OutageRow extends OpenOutage {
  readonly serverId: number;
  readonly endedAtMs: number | null;
  readonly rebooted: boolean | null;
  readonly detectedAtMs: number;
  readonly past: boolean;
  readonly notBeforeMs: number;
  readonly nextNoticeAtMs: number | null;
  readonly downNotifiedAtMs: number | null;
  readonly lastNoticeAtMs: number | null;
  readonly notifiedSeverity: Severity | null;
  readonly announcedCause: OutageCause | null;
  readonly announcedWindow: string | null;
  /** What is known beyond the cause (`ups_exhausted`); null when nothing. */
  readonly causeDetail: CauseDetail | null;
}

interface RawLiveness {
  server_id: number; uai: string; machine: string; name: string; academie: string | null; retired_at_ms: number | null;
  state: LivenessState; state_since_ms: number; last_seen_ms: number | null; interval_seconds: number | null;
  boot_time_ms: number | null; late_at_ms: number | null; offline_at_ms: number | null; version: number;
}

interface RawOutage {
  id: number; server_id: number; started_at_ms: number; ended_at_ms: number | null; cause: OutageCause;
  provisional: number; rebooted: number | null; detected_at_ms: number; past: number; not_before_ms: number;
  next_notice_at_ms: number | null; down_notified_at_ms: number | null; last_notice_at_ms: number | null;
  notified_severity: Severity | null; announced_cause: OutageCause | null; announced_window: string | null;
  cause_detail: CauseDetail | null;
}

const SELECT_LIVENESS = `SELECT l.server_id, s.uai, s.machine, s.name, s.academie, s.retired_at_ms, l.state, l.state_since_ms,
  l.last_seen_ms, l.interval_seconds, l.boot_time_ms, l.late_at_ms, l.offline_at_ms, l.version
  FROM liveness l JOIN servers s ON s.id = l.server_id`;

function toLiveness(r: RawLiveness): LivenessRow {
  return {
    serverId: r.server_id, uai: r.uai, machine: r.machine, name: r.name, academie: r.academie, retiredAtMs: r.retired_at_ms,
    state: r.state, stateSinceMs: r.state_since_ms, lastSeenMs: r.last_seen_ms, intervalSeconds: r.interval_seconds,
    bootTimeMs: r.boot_time_ms, lateAtMs: r.late_at_ms, offlineAtMs: r.offline_at_ms, version: r.version,
  };
}

function toOutage(r: RawOutage): OutageRow {
  return {
    id: r.id, serverId: r.server_id, startedAtMs: r.started_at_ms, endedAtMs: r.ended_at_ms, cause: r.cause,
    provisional: r.provisional === 1, rebooted: r.rebooted === null ? null : r.rebooted === 1, detectedAtMs: r.detected_at_ms,
    past: r.past === 1, notBeforeMs: r.not_before_ms, nextNoticeAtMs: r.next_notice_at_ms, downNotifiedAtMs: r.down_notified_at_ms,
    lastNoticeAtMs: r.last_notice_at_ms, notifiedSeverity: r.notified_severity, announcedCause: r.announced_cause,
    announcedWindow: r.announced_window, causeDetail: r.cause_detail ?? null,
  };
}

const bool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

/** Notice bookkeeping written on an outage after a policy decision. */
export interface OutageNoticeUpdate {
  readonly nextNoticeAtMs: number | null;
  readonly downNotifiedAtMs?: number;
  readonly lastNoticeAtMs?: number;
  readonly notifiedSeverity?: Severity;
  readonly announcedCause?: OutageCause;
  readonly announcedWindow?: string | null;
}

export function createLivenessRepo(db: SqlDb) {
  const byServer = db.prepare(`${SELECT_LIVENESS} WHERE l.server_id = ?`);
  const all = db.prepare(`${SELECT_LIVENESS} ORDER BY s.uai, s.machine`);
  const byUai = db.prepare(`${SELECT_LIVENESS} WHERE s.uai = ?`);
  const due = db.prepare(
    `${SELECT_LIVENESS} WHERE (l.state = 'online' AND (l.late_at_ms <= @now OR l.offline_at_ms <= @now))
       OR (l.state = 'late' AND l.offline_at_ms <= @now) ORDER BY l.offline_at_ms, l.server_id LIMIT @limit`,
  );
  const retiredMismatch = db.prepare(
    `${SELECT_LIVENESS} WHERE (s.retired_at_ms IS NULL) <> (l.state <> 'retired')`,
  );
  const cas = db.prepare(
    `UPDATE liveness SET state = @state, state_since_ms = @stateSinceMs, last_seen_ms = @lastSeenMs,
       interval_seconds = @intervalSeconds, boot_time_ms = @bootTimeMs, late_at_ms = @lateAtMs, offline_at_ms = @offlineAtMs,
       version = version + 1
     WHERE server_id = @serverId AND state = @expectedState AND version = @expectedVersion`,
  );
  const postpone = db.prepare(
    `UPDATE liveness SET late_at_ms = CASE WHEN late_at_ms < @at THEN @at ELSE late_at_ms END,
       offline_at_ms = CASE WHEN offline_at_ms < @at THEN @at ELSE offline_at_ms END, version = version + 1
     WHERE server_id = @serverId`,
  );
  const insertTransition = db.prepare(
    'INSERT INTO liveness_transitions (server_id, from_state, to_state, at_ms, reason, outage_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const transitions = db.prepare('SELECT from_state, to_state, at_ms, reason, outage_id FROM liveness_transitions WHERE server_id = ? ORDER BY id');
  const openOutage = db.prepare('SELECT * FROM outages WHERE server_id = ? AND ended_at_ms IS NULL');
  const OUTAGE_COLUMNS = [
    'id', 'server_id', 'started_at_ms', 'ended_at_ms', 'cause', 'provisional', 'rebooted', 'detected_at_ms', 'past', 'not_before_ms',
    'next_notice_at_ms', 'down_notified_at_ms', 'last_notice_at_ms', 'notified_severity', 'announced_cause', 'announced_window', 'cause_detail',
  ] as const;
  // One round trip for the ingest path (a network one on PostgreSQL): the record and its open outage together.
  const withOpenOutage = db.prepare(
    `SELECT l.server_id, s.uai, s.machine, s.name, s.academie, s.retired_at_ms, l.state, l.state_since_ms, l.last_seen_ms,
       l.interval_seconds, l.boot_time_ms, l.late_at_ms, l.offline_at_ms, l.version, ${OUTAGE_COLUMNS.map((c) => `o.${c} AS o_${c}`).join(', ')}
     FROM liveness l JOIN servers s ON s.id = l.server_id LEFT JOIN outages o ON o.server_id = l.server_id AND o.ended_at_ms IS NULL
     WHERE l.server_id = ?`,
  );
  const outageById = db.prepare('SELECT * FROM outages WHERE id = ?');
  const outagesOf = db.prepare('SELECT * FROM outages WHERE server_id = ? ORDER BY started_at_ms, id');
  const lastClosed = db.prepare('SELECT * FROM outages WHERE server_id = ? AND ended_at_ms IS NOT NULL ORDER BY ended_at_ms DESC, id DESC LIMIT 1');
  const insertOutage = db.prepare(
    `INSERT INTO outages (server_id, started_at_ms, ended_at_ms, cause, provisional, rebooted, detected_at_ms, past, not_before_ms, next_notice_at_ms)
     VALUES (@serverId, @startedAtMs, @endedAtMs, @cause, @provisional, @rebooted, @detectedAtMs, @past, @notBeforeMs, @nextNoticeAtMs) RETURNING id`,
  );
  const closeOutage = db.prepare(
    `UPDATE outages SET ended_at_ms = @endedAtMs, cause = @cause, provisional = 0, rebooted = @rebooted, next_notice_at_ms = NULL,
       cause_detail = CASE WHEN @cause = 'power_loss' THEN cause_detail END
     WHERE id = @id AND ended_at_ms IS NULL`,
  );
  const relabel = db.prepare(
    "UPDATE outages SET cause = @cause, provisional = @provisional, cause_detail = CASE WHEN @cause = 'power_loss' THEN cause_detail END WHERE id = @id",
  );
  const setDetail = db.prepare("UPDATE outages SET cause_detail = ? WHERE id = ? AND cause = 'power_loss'");
  const dueNotices = db.prepare(
    'SELECT * FROM outages WHERE next_notice_at_ms <= ? AND ended_at_ms IS NULL ORDER BY next_notice_at_ms, id LIMIT ?',
  );
  const closedByCause = db.prepare(
    `SELECT o.server_id, s.uai, s.machine, o.cause, COUNT(*) AS n FROM outages o JOIN servers s ON s.id = o.server_id
     WHERE o.ended_at_ms IS NOT NULL GROUP BY o.server_id, s.uai, s.machine, o.cause ORDER BY s.uai, s.machine, o.cause`,
  );
  const openAll = db.prepare('SELECT * FROM outages WHERE ended_at_ms IS NULL');
  /** Prepared `setNoticeState` updates, by the set of columns they write (a handful of shapes). */
  const noticeUpdates = new Map<string, ReturnType<SqlDb['prepare']>>();

  return {
    async get(serverId: number): Promise<LivenessRow | undefined> {
      const r = (await byServer.get(serverId)) as RawLiveness | undefined;
      return r && toLiveness(r);
    },
    async list(): Promise<LivenessRow[]> {
      return ((await all.all()) as RawLiveness[]).map(toLiveness);
    },
    async listByUai(uai: string): Promise<LivenessRow[]> {
      return ((await byUai.all(uai)) as RawLiveness[]).map(toLiveness);
    },
    /** Records whose stored deadline is due at `nowMs` (indexed). */
    async listDue(nowMs: number, limit = 500): Promise<LivenessRow[]> {
      return ((await due.all({ now: nowMs, limit })) as RawLiveness[]).map(toLiveness);
    },
    /** Servers retired (or un-retired) in the servers table whose liveness state does not say so yet. */
    async listRetirementChanges(): Promise<LivenessRow[]> {
      return ((await retiredMismatch.all()) as RawLiveness[]).map(toLiveness);
    },
    /** Compare-and-set: writes `next` only if the row is still in `prev`'s state and version. */
    async update(prev: LivenessRow, next: LivenessRecord): Promise<boolean> {
      return (
        (await cas.run({
          serverId: prev.serverId, expectedState: prev.state, expectedVersion: prev.version, state: next.state,
          stateSinceMs: next.stateSinceMs, lastSeenMs: next.lastSeenMs, intervalSeconds: next.intervalSeconds,
          bootTimeMs: next.bootTimeMs, lateAtMs: next.lateAtMs, offlineAtMs: next.offlineAtMs,
        })).changes === 1
      );
    },
    /** Crash-loop guard: moves a row's deadlines to `atMs` at the earliest (null deadlines stay null). */
    async postponeDeadlines(serverId: number, atMs: number): Promise<void> {
      await postpone.run({ serverId, at: atMs });
    },
    async addTransition(serverId: number, t: Transition, outageId: number | null): Promise<void> {
      await insertTransition.run(serverId, t.from, t.to, t.atMs, t.reason, outageId);
    },
    async transitionsOf(serverId: number): Promise<{ from: string; to: string; atMs: number; reason: string; outageId: number | null }[]> {
      return ((await transitions.all(serverId)) as { from_state: string; to_state: string; at_ms: number; reason: string; outage_id: number | null }[]).map(
        (r) => ({ from: r.from_state, to: r.to_state, atMs: r.at_ms, reason: r.reason, outageId: r.outage_id }),
      );
    },
    /** The record (undefined when none) and its open outage (undefined when none), read together. */
    async getWithOpenOutage(serverId: number): Promise<{ row: LivenessRow; open: OutageRow | undefined } | undefined> {
      const r = (await withOpenOutage.get(serverId)) as (RawLiveness & Record<string, unknown>) | undefined;
      if (r === undefined) return undefined;
      const open = r['o_id'] === null ? undefined : toOutage(Object.fromEntries(OUTAGE_COLUMNS.map((c) => [c, r[`o_${c}`]])) as unknown as RawOutage);
      return { row: toLiveness(r), open };
    },
    async openOutage(serverId: number): Promise<OutageRow | undefined> {
      const r = (await openOutage.get(serverId)) as RawOutage | undefined;
      return r && toOutage(r);
    },
    async outage(id: number): Promise<OutageRow | undefined> {
      const r = (await outageById.get(id)) as RawOutage | undefined;
      return r && toOutage(r);
    },
    async outagesOf(serverId: number): Promise<OutageRow[]> {
      return ((await outagesOf.all(serverId)) as RawOutage[]).map(toOutage);
    },
    async openOutages(): Promise<OutageRow[]> {
      return ((await openAll.all()) as RawOutage[]).map(toOutage);
    },
    /** Applies the machine's outage change; returns the id of the outage concerned (null when none). */
    async applyOutageOp(serverId: number, op: OutageOp, nowMs: number, notBeforeMs: number): Promise<number | null> {
      switch (op.op) {
        case 'open':
          return Number(
            ((await insertOutage.get({
              serverId, startedAtMs: op.startedAtMs, endedAtMs: null, cause: op.cause, provisional: op.provisional ? 1 : 0,
              rebooted: null, detectedAtMs: nowMs, past: 0, notBeforeMs, nextNoticeAtMs: notBeforeMs,
            })) as { id: number }).id,
          );
        case 'record_past':
          return Number(
            ((await insertOutage.get({
              serverId, startedAtMs: op.startedAtMs, endedAtMs: op.endedAtMs, cause: op.cause, provisional: 0, rebooted: 1,
              detectedAtMs: nowMs, past: 1, notBeforeMs: nowMs, nextNoticeAtMs: null,
            })) as { id: number }).id,
          );
        case 'close':
          await closeOutage.run({ endedAtMs: op.endedAtMs, cause: op.cause, rebooted: bool(op.rebooted), id: op.outageId });
          return op.outageId;
        case 'relabel':
          await relabel.run({ cause: op.cause, provisional: op.provisional ? 1 : 0, id: op.outageId });
          return op.outageId;
        case 'relabel_last_closed': {
          const last = (await lastClosed.get(serverId)) as RawOutage | undefined;
          if (last === undefined || last.cause !== op.from) return null;
          await relabel.run({ cause: op.cause, provisional: 0, id: last.id });
          return last.id;
        }
      }
    },
    async relabelOutage(id: number, cause: OutageCause, provisional: boolean): Promise<void> {
      await relabel.run({ cause, provisional: provisional ? 1 : 0, id });
    },
    /** Records what is known beyond the cause of a `power_loss` outage (ignored for other causes). */
    async setCauseDetail(id: number, detail: CauseDetail): Promise<void> {
      await setDetail.run(detail, id);
    },
    /** Open outages whose next notice decision is due. */
    async listNoticeDue(nowMs: number, limit = 500): Promise<OutageRow[]> {
      return ((await dueNotices.all(nowMs, limit)) as RawOutage[]).map(toOutage);
    },
    async setNoticeState(outageId: number, u: OutageNoticeUpdate): Promise<void> {
      const sets = ['next_notice_at_ms = @nextNoticeAtMs'];
      if (u.downNotifiedAtMs !== undefined) sets.push('down_notified_at_ms = @downNotifiedAtMs');
      if (u.lastNoticeAtMs !== undefined) sets.push('last_notice_at_ms = @lastNoticeAtMs');
      if (u.notifiedSeverity !== undefined) sets.push('notified_severity = @notifiedSeverity');
      if (u.announcedCause !== undefined) sets.push('announced_cause = @announcedCause');
      if (u.announcedWindow !== undefined) sets.push('announced_window = @announcedWindow');
      const sql = `UPDATE outages SET ${sets.join(', ')} WHERE id = @id`;
      let stmt = noticeUpdates.get(sql);
      if (stmt === undefined) {
        stmt = db.prepare(sql);
        noticeUpdates.set(sql, stmt);
      }
      await stmt.run({
        id: outageId, nextNoticeAtMs: u.nextNoticeAtMs, downNotifiedAtMs: u.downNotifiedAtMs ?? null,
        lastNoticeAtMs: u.lastNoticeAtMs ?? null, notifiedSeverity: u.notifiedSeverity ?? null,
        announcedCause: u.announcedCause ?? null, announcedWindow: u.announcedWindow ?? null,
      });
    },
    /** Closed outages counted per server and cause (for `scribe_server_outages_total`). */
    async countClosedByCause(): Promise<{ uai: string; machine: string; cause: OutageCause; n: number }[]> {
      return (await closedByCause.all()) as { uai: string; machine: string; cause: OutageCause; n: number }[];
    },
  };
}
export type LivenessRepo = ReturnType<typeof createLivenessRepo>;
