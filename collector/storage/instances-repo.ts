import type { SqlDb } from './sql.ts';

export interface InstanceRow {
  readonly instanceId: string;
  readonly startedAtMs: number;
  readonly lastSweepAtMs: number;
}

/** The collectors that share this database, with the instant each last swept (liveness-loop.ts). */
export function createInstancesRepo(db: SqlDb) {
  const upsert = db.prepare(
    `INSERT INTO collector_instances (instance_id, started_at_ms, last_sweep_at_ms) VALUES (@id, @startedAtMs, @atMs)
     ON CONFLICT (instance_id) DO UPDATE SET last_sweep_at_ms = excluded.last_sweep_at_ms, started_at_ms = excluded.started_at_ms`,
  );
  const lastSweepOfOthers = db.prepare('SELECT MAX(last_sweep_at_ms) AS at FROM collector_instances WHERE instance_id <> ?');
  const all = db.prepare('SELECT instance_id, started_at_ms, last_sweep_at_ms FROM collector_instances ORDER BY instance_id');
  const prune = db.prepare('DELETE FROM collector_instances WHERE last_sweep_at_ms < ?');
  return {
    /** Records that `id` (started at `startedAtMs`) swept at `atMs`. */
    async recordSweep(id: string, startedAtMs: number, atMs: number): Promise<void> {
      await upsert.run({ id, startedAtMs, atMs });
    },
    /** The latest sweep by any other instance; null when none ever swept. */
    async lastSweepOfOthers(id: string): Promise<number | null> {
      const r = (await lastSweepOfOthers.get(id)) as { at: number | null } | undefined;
      return r?.at ?? null;
    },
    async list(): Promise<InstanceRow[]> {
      return ((await all.all()) as { instance_id: string; started_at_ms: number; last_sweep_at_ms: number }[]).map((r) => ({
        instanceId: r.instance_id, startedAtMs: r.started_at_ms, lastSweepAtMs: r.last_sweep_at_ms,
      }));
    },
    /** Forgets instances silent since before `beforeMs`. */
    async pruneSilent(beforeMs: number): Promise<number> {
      return (await prune.run(beforeMs)).changes;
    },
  };
}
