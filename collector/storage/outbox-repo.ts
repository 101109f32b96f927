/**
 * The notification outbox: notices (what must be said, one row per decision) and their deliveries (one row per
 * channel, with the retry schedule stored so it survives a restart). Claims are compare-and-set with a lease,
 * so two dispatchers never send the same delivery at once.
 */
import type { OutageCause } from '../domain/liveness-state.ts';
import type { NoticeKind, NoticeState, Severity } from '../domain/notice-vocabulary.ts';
import { jsonTextArray, type SqlDb } from './sql.ts';

export interface NewNotice {
  readonly serverId: number;
  /** The outage the notice is about; null for a UPS notice. */
  readonly outageId: number | null;
  /** The UPS episode the notice is about (kinds `ups_on_battery`, `ups_on_mains`); absent or null otherwise. */
  readonly upsEpisodeId?: number | null;
  readonly kind: NoticeKind;
  readonly seq: number;
  readonly severity: Severity;
  readonly state: NoticeState;
  readonly cause: OutageCause;
  readonly windowName: string | null;
  readonly windowEndMs: number | null;
  readonly windowTimeZone: string | null;
  readonly createdAtMs: number;
}

export interface NoticeRow extends NewNotice {
  readonly id: number;
  readonly upsEpisodeId: number | null;
}

export interface DeliveryRow {
  readonly id: number;
  readonly noticeId: number;
  readonly channel: string;
  readonly status: 'pending' | 'sending' | 'sent' | 'failed' | 'abandoned';
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
  readonly leaseUntilMs: number | null;
}

interface RawNotice {
  id: number; server_id: number; outage_id: number | null; ups_episode_id: number | null; kind: NoticeKind; seq: number; severity: Severity;
  state: NoticeState; cause: OutageCause; window_name: string | null; window_end_ms: number | null;
  window_time_zone: string | null; created_at_ms: number;
}

function toNotice(r: RawNotice): NoticeRow {
  return {
    id: r.id, serverId: r.server_id, outageId: r.outage_id, upsEpisodeId: r.ups_episode_id, kind: r.kind, seq: r.seq, severity: r.severity, state: r.state,
    cause: r.cause, windowName: r.window_name, windowEndMs: r.window_end_ms, windowTimeZone: r.window_time_zone,
    createdAtMs: r.created_at_ms,
  };
}

export function createOutboxRepo(db: SqlDb) {
  const insertNotice = db.prepare(
    `INSERT INTO notices (server_id, outage_id, ups_episode_id, kind, seq, severity, state, cause, window_name, window_end_ms, window_time_zone, created_at_ms)
     VALUES (@serverId, @outageId, @upsEpisodeId, @kind, @seq, @severity, @state, @cause, @windowName, @windowEndMs, @windowTimeZone, @createdAtMs)
     ON CONFLICT DO NOTHING RETURNING id`,
  );
  const noticeById = db.prepare('SELECT * FROM notices WHERE id = ?');
  const noticesOfOutage = db.prepare('SELECT * FROM notices WHERE outage_id = ? ORDER BY id');
  const allNotices = db.prepare('SELECT * FROM notices ORDER BY id');
  const countKind = db.prepare('SELECT COUNT(*) AS n FROM notices WHERE outage_id = ? AND kind = ?');
  const recentDowns = db.prepare("SELECT created_at_ms FROM notices WHERE server_id = ? AND kind = 'down' AND created_at_ms > ? ORDER BY created_at_ms, id");
  const unfanned = db.prepare('SELECT * FROM notices WHERE fanned_out_at_ms IS NULL ORDER BY id LIMIT ?');
  const markFanned = db.prepare('UPDATE notices SET fanned_out_at_ms = ? WHERE id = ? AND fanned_out_at_ms IS NULL');
  const insertDelivery = db.prepare(
    'INSERT INTO notice_deliveries (notice_id, channel, next_attempt_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const dueDeliveries = db.prepare(
    `SELECT d.id, d.notice_id, d.channel, d.status, d.attempts, d.next_attempt_at_ms, d.lease_until_ms
     FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id
     WHERE ((d.status = 'pending' AND d.next_attempt_at_ms <= @now) OR (d.status = 'sending' AND d.lease_until_ms <= @now))
       AND d.batch_id IS NULL AND d.channel NOT IN (${jsonTextArray(db, '@grouped')})
       AND NOT EXISTS (
         SELECT 1 FROM notice_deliveries e JOIN notices m ON m.id = e.notice_id
         WHERE e.channel = d.channel AND (m.outage_id = n.outage_id OR m.ups_episode_id = n.ups_episode_id) AND e.notice_id < d.notice_id AND e.status IN ('pending', 'sending'))
     ORDER BY d.next_attempt_at_ms, d.id LIMIT @limit`,
  );
  const claim = db.prepare(
    `UPDATE notice_deliveries SET status = 'sending', lease_until_ms = @leaseUntil, attempts = attempts + 1
     WHERE id = @id AND status = @status AND attempts = @attempts`,
  );
  const sent = db.prepare("UPDATE notice_deliveries SET status = 'sent', sent_at_ms = ?, lease_until_ms = NULL, last_error = NULL WHERE id = ? AND status = 'sending'");
  const retry = db.prepare(
    "UPDATE notice_deliveries SET status = 'pending', retries = retries + 1, next_attempt_at_ms = ?, lease_until_ms = NULL, last_error = ? WHERE id = ? AND status = 'sending'",
  );
  const fail = db.prepare("UPDATE notice_deliveries SET status = ?, lease_until_ms = NULL, last_error = ? WHERE id = ? AND status = 'sending'");
  const deliveriesOf = db.prepare('SELECT * FROM notice_deliveries WHERE notice_id = ? ORDER BY channel');
  const stats = db.prepare('SELECT channel, status, COUNT(*) AS n, SUM(retries) AS retries FROM notice_deliveries GROUP BY channel, status ORDER BY channel, status');
  const pending = db.prepare(
    `SELECT (SELECT COUNT(*) FROM notice_deliveries WHERE status IN ('pending', 'sending'))
          + (SELECT COUNT(*) FROM notices WHERE fanned_out_at_ms IS NULL) AS n`,
  );

  return {
    /** Queues a notice; returns its id, or null when the same (outage or UPS episode, kind, seq) exists already (no duplicate). */
    async addNotice(n: NewNotice): Promise<number | null> {
      const row = (await insertNotice.get({ ...n, upsEpisodeId: n.upsEpisodeId ?? null })) as { id: number } | undefined;
      return row?.id ?? null;
    },
    async notice(id: number): Promise<NoticeRow | undefined> {
      const r = (await noticeById.get(id)) as RawNotice | undefined;
      return r && toNotice(r);
    },
    async noticesOfOutage(outageId: number): Promise<NoticeRow[]> {
      return ((await noticesOfOutage.all(outageId)) as RawNotice[]).map(toNotice);
    },
    async allNotices(): Promise<NoticeRow[]> {
      return ((await allNotices.all()) as RawNotice[]).map(toNotice);
    },
    async countNotices(outageId: number, kind: NoticeKind): Promise<number> {
      return ((await countKind.get(outageId, kind)) as { n: number }).n;
    },
    /** Instants of the server's down notices after `sinceMs` (flapping damping). */
    async downNoticesSince(serverId: number, sinceMs: number): Promise<number[]> {
      return ((await recentDowns.all(serverId, sinceMs)) as { created_at_ms: number }[]).map((r) => r.created_at_ms);
    },
    async listUnfanned(limit = 500): Promise<NoticeRow[]> {
      return ((await unfanned.all(limit)) as RawNotice[]).map(toNotice);
    },
    /** Creates one delivery per channel for a notice, once; a grouping channel's waits until `holdUntilMs[channel]`. */
    async fanOut(noticeId: number, channels: readonly string[], nowMs: number, holdUntilMs: Readonly<Record<string, number>> = {}): Promise<void> {
      for (const c of channels) await insertDelivery.run(noticeId, c, holdUntilMs[c] ?? nowMs);
      await markFanned.run(nowMs, noticeId);
    },
    /**
     * Deliveries due now: pending and due, or stuck in `sending` past their lease (a crashed dispatcher), and
     * only when every earlier notice of the same outage went out on that channel (or gave up): a channel never
     * sees the back-online notice before the down notice it resolves. Deliveries of `groupedChannels` and those
     * in a batch are sent by batch (batch-repo.ts), not here.
     */
    async listDueDeliveries(nowMs: number, limit = 100, groupedChannels: readonly string[] = []): Promise<DeliveryRow[]> {
      return (
        (await dueDeliveries.all({ now: nowMs, limit, grouped: JSON.stringify(groupedChannels) })) as {
          id: number; notice_id: number; channel: string; status: DeliveryRow['status']; attempts: number;
          next_attempt_at_ms: number; lease_until_ms: number | null;
        }[]
      ).map((r) => ({
        id: r.id, noticeId: r.notice_id, channel: r.channel, status: r.status, attempts: r.attempts,
        nextAttemptAtMs: r.next_attempt_at_ms, leaseUntilMs: r.lease_until_ms,
      }));
    },
    /** Compare-and-set claim; false when another dispatcher got there first. */
    async claim(d: DeliveryRow, leaseUntilMs: number): Promise<boolean> {
      return (await claim.run({ id: d.id, status: d.status, attempts: d.attempts, leaseUntil: leaseUntilMs })).changes === 1;
    },
    async markSent(id: number, atMs: number): Promise<void> {
      await sent.run(atMs, id);
    },
    async scheduleRetry(id: number, nextAttemptAtMs: number, error: string): Promise<void> {
      await retry.run(nextAttemptAtMs, error.slice(0, 500), id);
    },
    async markFailed(id: number, status: 'failed' | 'abandoned', error: string): Promise<void> {
      await fail.run(status, error.slice(0, 500), id);
    },
    async deliveriesOf(noticeId: number): Promise<{ channel: string; status: string; attempts: number; retries: number; last_error: string | null; next_attempt_at_ms: number }[]> {
      return (await deliveriesOf.all(noticeId)) as { channel: string; status: string; attempts: number; retries: number; last_error: string | null; next_attempt_at_ms: number }[];
    },
    /** Deliveries per channel and status, with the retries they needed (for `vigie_notifications_total`). */
    async deliveryStats(): Promise<{ channel: string; status: string; n: number; retries: number }[]> {
      return (await stats.all()) as { channel: string; status: string; n: number; retries: number }[];
    },
    /** Notices not yet delivered everywhere (for `vigie_notifications_pending`). */
    async pendingCount(): Promise<number> {
      return ((await pending.get()) as { n: number }).n;
    },
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
