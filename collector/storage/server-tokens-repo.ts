import type { SqlDb } from './sql.ts';

/**
 * The token life cycle of enrolled servers beyond `servers-repo.ts`: rotation with a grace delay (the previous
 * token keeps working until the agent uses the new one or the delay passes) and an administrator's permission
 * to enrol an identity again (a server reinstalled from scratch).
 */
export function createServerTokensRepo(db: SqlDb) {
  const rotate = db.prepare(
    'UPDATE servers SET previous_token_hash = token_hash, previous_token_expires_at_ms = ?, token_hash = ? WHERE id = ?',
  );
  const replace = db.prepare(
    'UPDATE servers SET token_hash = ?, previous_token_hash = NULL, previous_token_expires_at_ms = NULL, retired_at_ms = NULL, reenrol_allowed_until_ms = NULL WHERE id = ?',
  );
  const byPrevious = db.prepare('SELECT id FROM servers WHERE previous_token_hash = ? AND previous_token_expires_at_ms > ?');
  const hasPrevious = db.prepare('SELECT CASE WHEN previous_token_hash IS NULL THEN 0 ELSE 1 END AS has FROM servers WHERE id = ?');
  const clearPrevious = db.prepare('UPDATE servers SET previous_token_hash = NULL, previous_token_expires_at_ms = NULL WHERE id = ?');
  const allow = db.prepare('UPDATE servers SET reenrol_allowed_until_ms = ? WHERE id = ?');
  const allowed = db.prepare('SELECT reenrol_allowed_until_ms AS until FROM servers WHERE id = ?');
  return {
    /** New token now; the current one stays valid until `graceUntilMs` or the first use of the new one. */
    async rotate(id: number, newTokenHash: string, graceUntilMs: number): Promise<void> {
      await rotate.run(graceUntilMs, newTokenHash, id);
    },
    /** New token now, every older one void (re-enrolment); un-retires the server. */
    async replace(id: number, newTokenHash: string): Promise<void> {
      await replace.run(newTokenHash, id);
    },
    /** The server whose previous token this is, while its grace delay runs. */
    async findIdByPreviousHash(hash: string, nowMs: number): Promise<number | undefined> {
      return ((await byPrevious.get(hash, nowMs)) as { id: number } | undefined)?.id;
    },
    /** Ends the grace delay (the agent used its new token); true when there was one. */
    async clearPrevious(id: number): Promise<boolean> {
      const r = (await hasPrevious.get(id)) as { has: number } | undefined;
      if (r?.has !== 1) return false;
      await clearPrevious.run(id);
      return true;
    },
    async allowReenrol(id: number, untilMs: number): Promise<void> {
      await allow.run(untilMs, id);
    },
    async reenrolAllowedUntil(id: number): Promise<number | null> {
      return ((await allowed.get(id)) as { until: number | null } | undefined)?.until ?? null;
    },
  };
}
export type ServerTokensRepo = ReturnType<typeof createServerTokensRepo>;
