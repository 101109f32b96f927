import type { SqlDb } from './sql.ts';

/** An enrolment key as stored (its hash only). */
export interface EnrolmentKeyRow {
  readonly id: number;
  readonly keyHash: string;
  readonly academie: string | null;
  readonly uaiPrefix: string | null;
  readonly expiresAtMs: number;
  readonly maxUses: number | null;
  readonly uses: number;
  readonly autoApprove: boolean;
  readonly createdAtMs: number;
  readonly createdBy: string;
  readonly revokedAtMs: number | null;
}

export type NewEnrolmentKey = Omit<EnrolmentKeyRow, 'id' | 'uses' | 'revokedAtMs'>;

interface Raw {
  id: number;
  key_hash: string;
  academie: string | null;
  uai_prefix: string | null;
  expires_at_ms: number;
  max_uses: number | null;
  uses: number;
  auto_approve: number;
  created_at_ms: number;
  created_by: string;
  revoked_at_ms: number | null;
}

const toRow = (r: Raw): EnrolmentKeyRow => ({
  id: r.id,
  keyHash: r.key_hash,
  academie: r.academie,
  uaiPrefix: r.uai_prefix,
  expiresAtMs: r.expires_at_ms,
  maxUses: r.max_uses,
  uses: r.uses,
  autoApprove: r.auto_approve === 1,
  createdAtMs: r.created_at_ms,
  createdBy: r.created_by,
  revokedAtMs: r.revoked_at_ms,
});

/** Enrolment keys. */
export function createEnrolmentKeysRepo(db: SqlDb) {
  const insert = db.prepare(
    `INSERT INTO enrolment_keys (key_hash, academie, uai_prefix, expires_at_ms, max_uses, auto_approve, created_at_ms, created_by)
     VALUES (@keyHash, @academie, @uaiPrefix, @expiresAtMs, @maxUses, @autoApprove, @createdAtMs, @createdBy) RETURNING id`,
  );
  const all = db.prepare('SELECT * FROM enrolment_keys ORDER BY id');
  const byId = db.prepare('SELECT * FROM enrolment_keys WHERE id = ?');
  const revoke = db.prepare('UPDATE enrolment_keys SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL');
  // Counted only while under the limit, in one statement: two agents cannot both take the last use.
  const use = db.prepare('UPDATE enrolment_keys SET uses = uses + 1 WHERE id = ? AND (max_uses IS NULL OR uses < max_uses)');
  return {
    async add(key: NewEnrolmentKey): Promise<number> {
      return ((await insert.get({ ...key, autoApprove: key.autoApprove ? 1 : 0 })) as { id: number }).id;
    },
    /** Every key, revoked and expired ones included. */
    async list(): Promise<EnrolmentKeyRow[]> {
      return ((await all.all()) as Raw[]).map(toRow);
    },
    async get(id: number): Promise<EnrolmentKeyRow | undefined> {
      const r = (await byId.get(id)) as Raw | undefined;
      return r && toRow(r);
    },
    /** False when the key was already revoked (or does not exist). */
    async revoke(id: number, atMs: number): Promise<boolean> {
      return (await revoke.run(atMs, id)).changes === 1;
    },
    /** Takes one use of the key; false when it has none left. */
    async takeUse(id: number): Promise<boolean> {
      return (await use.run(id)).changes === 1;
    },
  };
}
export type EnrolmentKeysRepo = ReturnType<typeof createEnrolmentKeysRepo>;
