import type { SqlDb } from './sql.ts';

export type AdminRole = 'admin' | 'reader';

/** A named admin or reader token (its hash only). */
export interface AdminTokenRow {
  readonly id: number;
  readonly label: string;
  readonly role: AdminRole;
  readonly tokenHash: string;
  readonly createdAtMs: number;
  readonly createdBy: string;
  readonly revokedAtMs: number | null;
  readonly lastUsedAtMs: number | null;
}

interface Raw {
  id: number;
  label: string;
  role: AdminRole;
  token_hash: string;
  created_at_ms: number;
  created_by: string;
  revoked_at_ms: number | null;
  last_used_at_ms: number | null;
}

const toRow = (r: Raw): AdminTokenRow => ({
  id: r.id,
  label: r.label,
  role: r.role,
  tokenHash: r.token_hash,
  createdAtMs: r.created_at_ms,
  createdBy: r.created_by,
  revokedAtMs: r.revoked_at_ms,
  lastUsedAtMs: r.last_used_at_ms,
});

/** Named admin and reader tokens. */
export function createAdminTokensRepo(db: SqlDb) {
  const insert = db.prepare(
    'INSERT INTO admin_tokens (label, role, token_hash, created_at_ms, created_by) VALUES (@label, @role, @tokenHash, @createdAtMs, @createdBy) RETURNING id',
  );
  const all = db.prepare('SELECT * FROM admin_tokens ORDER BY id');
  const byHash = db.prepare('SELECT * FROM admin_tokens WHERE token_hash = ? AND revoked_at_ms IS NULL');
  const byLabel = db.prepare('SELECT * FROM admin_tokens WHERE label = ?');
  const revoke = db.prepare('UPDATE admin_tokens SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL');
  const touch = db.prepare('UPDATE admin_tokens SET last_used_at_ms = ? WHERE id = ?');
  return {
    async add(t: Pick<AdminTokenRow, 'label' | 'role' | 'tokenHash' | 'createdAtMs' | 'createdBy'>): Promise<number> {
      return ((await insert.get(t)) as { id: number }).id;
    },
    async list(): Promise<AdminTokenRow[]> {
      return ((await all.all()) as Raw[]).map(toRow);
    },
    /** The live (not revoked) token with this hash. */
    async findActiveByHash(hash: string): Promise<AdminTokenRow | undefined> {
      const r = (await byHash.get(hash)) as Raw | undefined;
      return r && toRow(r);
    },
    async findByLabel(label: string): Promise<AdminTokenRow | undefined> {
      const r = (await byLabel.get(label)) as Raw | undefined;
      return r && toRow(r);
    },
    async revoke(id: number, atMs: number): Promise<boolean> {
      return (await revoke.run(atMs, id)).changes === 1;
    },
    async touch(id: number, atMs: number): Promise<void> {
      await touch.run(atMs, id);
    },
  };
}
export type AdminTokensRepo = ReturnType<typeof createAdminTokensRepo>;
