/** One-off silences (per server or per school), removable; removed ones are kept for the record. */
import type { Silence } from '../domain/silences.ts';
import type { SqlDb } from './sql.ts';

/** A silence to store: everything but its id, plus when it was created. */
export type NewSilence = Omit<Silence, 'id'> & { readonly createdAtMs: number };

interface RawSilence {
  id: number; uai: string; machine: string | null; starts_at_ms: number; ends_at_ms: number; reason: string; created_by: string;
}

const toSilence = (r: RawSilence): Silence => ({
  id: r.id, uai: r.uai, machine: r.machine, startsAtMs: r.starts_at_ms, endsAtMs: r.ends_at_ms, reason: r.reason, createdBy: r.created_by,
});

export function createSilencesRepo(db: SqlDb) {
  const insert = db.prepare(
    `INSERT INTO silences (uai, machine, starts_at_ms, ends_at_ms, reason, created_by, created_at_ms)
     VALUES (@uai, @machine, @startsAtMs, @endsAtMs, @reason, @createdBy, @createdAtMs) RETURNING id`,
  );
  const current = db.prepare('SELECT * FROM silences WHERE removed_at_ms IS NULL AND ends_at_ms > ? ORDER BY ends_at_ms, id');
  const forUai = db.prepare('SELECT * FROM silences WHERE removed_at_ms IS NULL AND uai = ? AND ends_at_ms > ? ORDER BY ends_at_ms, id');
  const remove = db.prepare('UPDATE silences SET removed_at_ms = ? WHERE id = ? AND removed_at_ms IS NULL AND ends_at_ms > ?');

  return {
    async add(s: NewSilence): Promise<number> {
      return ((await insert.get(s)) as { id: number }).id;
    },
    /** Silences not removed and not yet over at `nowMs` (including future ones). */
    async listCurrent(nowMs: number): Promise<Silence[]> {
      return ((await current.all(nowMs)) as RawSilence[]).map(toSilence);
    },
    async listCurrentForUai(uai: string, nowMs: number): Promise<Silence[]> {
      return ((await forUai.all(uai, nowMs)) as RawSilence[]).map(toSilence);
    },
    /** Removes a current silence; false when there is no such current silence. */
    async remove(id: number, nowMs: number): Promise<boolean> {
      return (await remove.run(nowMs, id, nowMs)).changes === 1;
    },
  };
}
export type SilencesRepo = ReturnType<typeof createSilencesRepo>;
