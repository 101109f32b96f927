/**
 * Batches of the outbox (migrations/010-notice-grouping.sql): on a channel that groups, every pending delivery
 * of one kind is claimed into one batch in one transaction, sent as one message, and marked with the batch's
 * outcome in one transaction. The batch holds the lease and the retry schedule, so a crash between claim and
 * send ends in one resend of the same batch (same members, same id) once the lease expires.
 */
import type { NoticeKind } from '../domain/notice-vocabulary.ts';
import { skipLocked, type SqlDb } from './sql.ts';

export interface BatchRow {
  readonly id: number;
  readonly channel: string;
  readonly kind: NoticeKind;
  readonly status: 'pending' | 'sending' | 'sent' | 'failed' | 'abandoned';
  readonly attempts: number;
  readonly claimedAtMs: number;
  readonly leaseUntilMs: number | null;
  /** How many notices the per-hour cap held back into this batch (0: none), and since when. */
  readonly heldByCap: number;
  readonly heldSinceMs: number | null;
}

interface RawBatch {
  id: number; channel: string; kind: NoticeKind; status: BatchRow['status']; attempts: number; claimed_at_ms: number;
  lease_until_ms: number | null; held_by_cap: number; held_since_ms: number | null;
}

function toBatch(r: RawBatch): BatchRow {
  return {
    id: r.id, channel: r.channel, kind: r.kind, status: r.status, attempts: r.attempts, claimedAtMs: r.claimed_at_ms,
    leaseUntilMs: r.lease_until_ms, heldByCap: r.held_by_cap, heldSinceMs: r.held_since_ms,
  };
}

/**
 * Not in a batch, pending (or left `sending` one by one by a collector that died before grouping was turned on,
 * its lease expired), and every earlier notice of the same outage already out on this channel.
 */
const ELIGIBLE = `d.channel = @channel AND d.batch_id IS NULL
  AND (d.status = 'pending' OR (d.status = 'sending' AND d.lease_until_ms <= @now))
  AND NOT EXISTS (
    SELECT 1 FROM notice_deliveries e JOIN notices m ON m.id = e.notice_id
    WHERE e.channel = d.channel AND m.outage_id = n.outage_id AND e.notice_id < d.notice_id AND e.status IN ('pending', 'sending'))`;

/** Most notices in one grouped message. */
export const MAX_BATCH_SIZE = 2000;

export function createBatchRepo(db: SqlDb) {
  // The status test outside the sub-select is re-checked by PostgreSQL on a row another collector just claimed.
  const dueKinds = db.prepare(
    `SELECT n.kind AS kind, MIN(d.next_attempt_at_ms) AS due_ms
     FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id
     WHERE ${ELIGIBLE} GROUP BY n.kind HAVING MIN(d.next_attempt_at_ms) <= @now ORDER BY due_ms, n.kind`,
  );
  const claimsSince = db.prepare('SELECT claimed_at_ms FROM notice_batches WHERE channel = ? AND claimed_at_ms > ? ORDER BY claimed_at_ms, id');
  const insertBatch = db.prepare(
    `INSERT INTO notice_batches (channel, kind, claimed_at_ms, next_attempt_at_ms, lease_until_ms)
     VALUES (@channel, @kind, @now, @now, @leaseUntil) RETURNING id`,
  );
  const joinBatch = db.prepare(
    `UPDATE notice_deliveries SET status = 'sending', batch_id = @batch, attempts = attempts + 1, lease_until_ms = @leaseUntil
     WHERE (status = 'pending' OR (status = 'sending' AND lease_until_ms <= @now)) AND id IN (
       SELECT d.id FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id
       WHERE ${ELIGIBLE} AND n.kind = @kind ORDER BY d.id LIMIT @limit ${skipLocked(db, 'd')})`,
  );
  const setHeld = db.prepare('UPDATE notice_batches SET held_by_cap = ?, held_since_ms = ? WHERE id = ?');
  const batchById = db.prepare('SELECT * FROM notice_batches WHERE id = ?');
  const dueBatches = db.prepare(
    `SELECT * FROM notice_batches WHERE channel = @channel AND (
       (status = 'pending' AND next_attempt_at_ms <= @now) OR (status = 'sending' AND lease_until_ms <= @now))
     ORDER BY id`,
  );
  const reclaim = db.prepare(
    `UPDATE notice_batches SET status = 'sending', attempts = attempts + 1, lease_until_ms = @leaseUntil
     WHERE id = @id AND status = @status AND attempts = @attempts`,
  );
  const members = db.prepare('SELECT notice_id FROM notice_deliveries WHERE batch_id = ? ORDER BY id');
  const batchSent = db.prepare("UPDATE notice_batches SET status = 'sent', sent_at_ms = ?, lease_until_ms = NULL, last_error = NULL WHERE id = ? AND status = 'sending'");
  const membersSent = db.prepare("UPDATE notice_deliveries SET status = 'sent', sent_at_ms = ?, lease_until_ms = NULL, last_error = NULL WHERE batch_id = ? AND status = 'sending'");
  const batchRetry = db.prepare(
    "UPDATE notice_batches SET status = 'pending', next_attempt_at_ms = ?, lease_until_ms = NULL, last_error = ? WHERE id = ? AND status = 'sending'",
  );
  const membersRetry = db.prepare("UPDATE notice_deliveries SET retries = retries + 1, last_error = ? WHERE batch_id = ? AND status = 'sending'");
  const batchFail = db.prepare("UPDATE notice_batches SET status = ?, lease_until_ms = NULL, last_error = ? WHERE id = ? AND status = 'sending'");
  const membersFail = db.prepare("UPDATE notice_deliveries SET status = ?, lease_until_ms = NULL, last_error = ? WHERE batch_id = ? AND status = 'sending'");
  const all = db.prepare('SELECT * FROM notice_batches ORDER BY id');

  return {
    /** The kinds with a delivery due on `channel`, the earliest first, with the instant the earliest fell due. */
    async dueKinds(channel: string, nowMs: number): Promise<{ kind: NoticeKind; dueMs: number }[]> {
      return ((await dueKinds.all({ channel, now: nowMs })) as { kind: NoticeKind; due_ms: number }[]).map((r) => ({ kind: r.kind, dueMs: r.due_ms }));
    },
    /** When the channel's batches were formed after `sinceMs` (the per-hour cap). */
    async claimsSince(channel: string, sinceMs: number): Promise<number[]> {
      return ((await claimsSince.all(channel, sinceMs)) as { claimed_at_ms: number }[]).map((r) => r.claimed_at_ms);
    },
    /**
     * Forms one batch of every eligible pending delivery of `kind` on `channel`, in one transaction; undefined
     * when another dispatcher took them first. `heldSinceMs` records that the cap held them back.
     */
    async claimNew(channel: string, kind: NoticeKind, at: { nowMs: number; leaseUntilMs: number; heldSinceMs?: number }): Promise<BatchRow | undefined> {
      const claim = () => db.transaction(async () => {
        const id = ((await insertBatch.get({ channel, kind, now: at.nowMs, leaseUntil: at.leaseUntilMs })) as { id: number }).id;
        const joined = (await joinBatch.run({ channel, kind, batch: id, now: at.nowMs, leaseUntil: at.leaseUntilMs, limit: MAX_BATCH_SIZE })).changes;
        if (joined === 0) throw new NothingToClaim(); // rolls the empty batch back
        if (at.heldSinceMs !== undefined) await setHeld.run(joined, at.heldSinceMs, id);
        return toBatch((await batchById.get(id)) as RawBatch);
      });
      try {
        return await claim();
      } catch (err) {
        if (err instanceof NothingToClaim) return undefined;
        throw err;
      }
    },
    /** Batches to (re)send: a retry that fell due, or a send whose lease expired (a crashed dispatcher). */
    async dueBatches(channel: string, nowMs: number): Promise<BatchRow[]> {
      return ((await dueBatches.all({ channel, now: nowMs })) as RawBatch[]).map(toBatch);
    },
    /** Compare-and-set claim of a due batch; false when another dispatcher got there first. */
    async reclaim(b: BatchRow, leaseUntilMs: number): Promise<boolean> {
      return (await reclaim.run({ id: b.id, status: b.status, attempts: b.attempts, leaseUntil: leaseUntilMs })).changes === 1;
    },
    /** The notice ids of a batch, in queue order. */
    async members(batchId: number): Promise<number[]> {
      return ((await members.all(batchId)) as { notice_id: number }[]).map((r) => r.notice_id);
    },
    async markSent(batchId: number, atMs: number): Promise<void> {
      await db.transaction(async () => {
        if ((await batchSent.run(atMs, batchId)).changes === 1) await membersSent.run(atMs, batchId);
      });
    },
    async scheduleRetry(batchId: number, nextAttemptAtMs: number, error: string): Promise<void> {
      await db.transaction(async () => {
        if ((await batchRetry.run(nextAttemptAtMs, error.slice(0, 500), batchId)).changes === 1) await membersRetry.run(error.slice(0, 500), batchId);
      });
    },
    async markFailed(batchId: number, status: 'failed' | 'abandoned', error: string): Promise<void> {
      await db.transaction(async () => {
        if ((await batchFail.run(status, error.slice(0, 500), batchId)).changes === 1) await membersFail.run(status, error.slice(0, 500), batchId);
      });
    },
    async all(): Promise<BatchRow[]> {
      return ((await all.all()) as RawBatch[]).map(toBatch);
    },
  };
}
export type BatchRepo = ReturnType<typeof createBatchRepo>;

class NothingToClaim extends Error {}
