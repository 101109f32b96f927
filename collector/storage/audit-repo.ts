import type { SqlDb } from './sql.ts';

/** One line of the audit log: who (an admin token's label, `cli:<user>`, or an enrolment key) did what, when. */
export interface AuditEntry {
  readonly id: number;
  readonly atMs: number;
  readonly actor: string;
  /** `inventory.import`, `server.enrol`, `server.approve`, `server.rotate`, `server.revoke`, `key.create` … */
  readonly action: string;
  /** What it was done to: `0860021F/scribe`, `key 3`, a file name. */
  readonly target: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'target' | 'details'> & {
  readonly target?: string | null;
  readonly details?: Record<string, unknown> | null;
};

interface Raw {
  id: number;
  at_ms: number;
  actor: string;
  action: string;
  target: string | null;
  details_json: string | null;
}

/** The append-only audit log. */
export function createAuditRepo(db: SqlDb) {
  const insert = db.prepare('INSERT INTO audit_log (at_ms, actor, action, target, details_json) VALUES (?, ?, ?, ?, ?) RETURNING id');
  const since = db.prepare('SELECT * FROM audit_log WHERE at_ms >= ? ORDER BY at_ms, id LIMIT ?');
  return {
    async record(entry: NewAuditEntry): Promise<number> {
      const details = entry.details === undefined || entry.details === null ? null : JSON.stringify(entry.details);
      return ((await insert.get(entry.atMs, entry.actor, entry.action, entry.target ?? null, details)) as { id: number }).id;
    },
    /** Entries at or after `sinceMs`, oldest first, at most `limit`. */
    async list(sinceMs: number, limit: number): Promise<AuditEntry[]> {
      return ((await since.all(sinceMs, limit)) as Raw[]).map((r) => ({
        id: r.id,
        atMs: r.at_ms,
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: r.details_json === null ? null : (JSON.parse(r.details_json) as Record<string, unknown>),
      }));
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
