import type { Db } from './database.ts';

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
export function createAdminTokensRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO admin_tokens (label, role, token_hash, created_at_ms, created_by) VALUES (@label, @role, @tokenHash, @createdAtMs, @createdBy)',
  );
  const all = db.prepare('SELECT * FROM admin_tokens ORDER BY id');
  const byHash = db.prepare('SELECT * FROM admin_tokens WHERE token_hash = ? AND revoked_at_ms IS NULL');
  const byLabel = db.prepare('SELECT * FROM admin_tokens WHERE label = ?');
  const revoke = db.prepare('UPDATE admin_tokens SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL');
  const touch = db.prepare('UPDATE admin_tokens SET last_used_at_ms = ? WHERE id = ?');
  return {
    add(t: Pick<AdminTokenRow, 'label' | 'role' | 'tokenHash' | 'createdAtMs' | 'createdBy'>): number {
      return Number(insert.run(t).lastInsertRowid);
    },
    list(): AdminTokenRow[] {
      return (all.all() as Raw[]).map(toRow);
    },
    /** The live (not revoked) token with this hash. */
    findActiveByHash(hash: string): AdminTokenRow | undefined {
      const r = byHash.get(hash) as Raw | undefined;
      return r && toRow(r);
    },
    findByLabel(label: string): AdminTokenRow | undefined {
      const r = byLabel.get(label) as Raw | undefined;
      return r && toRow(r);
    },
    revoke(id: number, atMs: number): boolean {
      return revoke.run(atMs, id).changes === 1;
    },
    touch(id: number, atMs: number): void {
      touch.run(atMs, id);
    },
  };
}
export type AdminTokensRepo = ReturnType<typeof createAdminTokensRepo>;
