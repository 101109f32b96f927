import type { SqlDb } from './sql.ts';

export type PendingKind = 'new' | 'reenrol';
export type PendingStatus = 'pending' | 'approved' | 'rejected';

/** An enrolment waiting for (or decided by) an administrator. */
export interface PendingEnrolmentRow {
  readonly id: number;
  readonly kind: PendingKind;
  readonly uai: string;
  readonly machine: string;
  readonly name: string;
  readonly academie: string | null;
  readonly keyId: number | null;
  /** `new`: hash of the token the agent already holds, valid once approved. */
  readonly tokenHash: string | null;
  /** The address the request came from. */
  readonly source: string | null;
  readonly requestedAtMs: number;
  readonly status: PendingStatus;
  readonly decidedAtMs: number | null;
  readonly decidedBy: string | null;
}

export type NewPendingEnrolment = Pick<PendingEnrolmentRow, 'kind' | 'uai' | 'machine' | 'name' | 'academie' | 'keyId' | 'tokenHash' | 'source' | 'requestedAtMs'>;

interface Raw {
  id: number;
  kind: PendingKind;
  uai: string;
  machine: string;
  name: string;
  academie: string | null;
  key_id: number | null;
  token_hash: string | null;
  source: string | null;
  requested_at_ms: number;
  status: PendingStatus;
  decided_at_ms: number | null;
  decided_by: string | null;
}

const toRow = (r: Raw): PendingEnrolmentRow => ({
  id: r.id,
  kind: r.kind,
  uai: r.uai,
  machine: r.machine,
  name: r.name,
  academie: r.academie,
  keyId: r.key_id,
  tokenHash: r.token_hash,
  source: r.source,
  requestedAtMs: r.requested_at_ms,
  status: r.status,
  decidedAtMs: r.decided_at_ms,
  decidedBy: r.decided_by,
});

/** Enrolments waiting for an administrator (`servers pending | approve | reject`). */
export function createPendingEnrolmentsRepo(db: SqlDb) {
  const insert = db.prepare(
    `INSERT INTO pending_enrolments (kind, uai, machine, name, academie, key_id, token_hash, source, requested_at_ms)
     VALUES (@kind, @uai, @machine, @name, @academie, @keyId, @tokenHash, @source, @requestedAtMs) RETURNING id`,
  );
  const pending = db.prepare("SELECT * FROM pending_enrolments WHERE status = 'pending' ORDER BY id");
  const byId = db.prepare('SELECT * FROM pending_enrolments WHERE id = ?');
  const byToken = db.prepare('SELECT * FROM pending_enrolments WHERE token_hash = ?');
  const openForIdentity = db.prepare("SELECT * FROM pending_enrolments WHERE uai = ? AND machine = ? AND status = 'pending' ORDER BY id");
  const decide = db.prepare("UPDATE pending_enrolments SET status = ?, decided_at_ms = ?, decided_by = ? WHERE id = ? AND status = 'pending'");
  return {
    async add(p: NewPendingEnrolment): Promise<number> {
      return ((await insert.get(p)) as { id: number }).id;
    },
    async listPending(): Promise<PendingEnrolmentRow[]> {
      return ((await pending.all()) as Raw[]).map(toRow);
    },
    async get(id: number): Promise<PendingEnrolmentRow | undefined> {
      const r = (await byId.get(id)) as Raw | undefined;
      return r && toRow(r);
    },
    async findByTokenHash(hash: string): Promise<PendingEnrolmentRow | undefined> {
      const r = (await byToken.get(hash)) as Raw | undefined;
      return r && toRow(r);
    },
    async openForIdentity(uai: string, machine: string): Promise<PendingEnrolmentRow[]> {
      return ((await openForIdentity.all(uai, machine)) as Raw[]).map(toRow);
    },
    /** False when it was no longer pending. */
    async decide(id: number, status: 'approved' | 'rejected', atMs: number, by: string): Promise<boolean> {
      return (await decide.run(status, atMs, by, id)).changes === 1;
    },
  };
}
export type PendingEnrolmentsRepo = ReturnType<typeof createPendingEnrolmentsRepo>;
