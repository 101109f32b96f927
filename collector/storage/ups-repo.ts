/**
 * UPS episodes (a server running on its UPS battery while it still beats): at most one open per server.
 * Synchronous (better-sqlite3); callers group writes in `store.transaction`.
 */
import type { Severity } from '../domain/notice-vocabulary.ts';
import type { OpenUpsEpisode } from '../domain/ups-episode.ts';
import type { SqlDb } from './sql.ts';

export interface UpsEpisodeRow extends OpenUpsEpisode {
  readonly serverId: number;
  readonly upsName: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number | null;
  /** Charge and runtime left when the episode opened (as the first on-battery reading said). */
  readonly chargeRatio: number | null;
  readonly runtimeSeconds: number | null;
}

interface RawEpisode {
  id: number; server_id: number; ups_name: string; started_at_ms: number; ended_at_ms: number | null;
  charge_ratio: number | null; runtime_seconds: number | null; low_battery_at_ms: number | null; notified_severity: Severity | null;
}

function toEpisode(r: RawEpisode): UpsEpisodeRow {
  return {
    id: r.id, serverId: r.server_id, upsName: r.ups_name, startedAtMs: r.started_at_ms, endedAtMs: r.ended_at_ms,
    chargeRatio: r.charge_ratio, runtimeSeconds: r.runtime_seconds, lowBatteryAtMs: r.low_battery_at_ms, notifiedSeverity: r.notified_severity,
  };
}

export interface NewUpsEpisode {
  readonly serverId: number;
  readonly upsName: string;
  readonly startedAtMs: number;
  readonly chargeRatio: number | null;
  readonly runtimeSeconds: number | null;
  readonly lowBatteryAtMs: number | null;
  readonly notifiedSeverity: Severity | null;
}

export function createUpsRepo(db: SqlDb) {
  const openOf = db.prepare('SELECT * FROM ups_episodes WHERE server_id = ? AND ended_at_ms IS NULL');
  const byId = db.prepare('SELECT * FROM ups_episodes WHERE id = ?');
  const ofServer = db.prepare('SELECT * FROM ups_episodes WHERE server_id = ? ORDER BY started_at_ms, id');
  const insert = db.prepare(
    `INSERT INTO ups_episodes (server_id, ups_name, started_at_ms, charge_ratio, runtime_seconds, low_battery_at_ms, notified_severity)
     VALUES (@serverId, @upsName, @startedAtMs, @chargeRatio, @runtimeSeconds, @lowBatteryAtMs, @notifiedSeverity) RETURNING id`,
  );
  const lowBattery = db.prepare('UPDATE ups_episodes SET low_battery_at_ms = ? WHERE id = ? AND low_battery_at_ms IS NULL');
  const close = db.prepare('UPDATE ups_episodes SET ended_at_ms = ? WHERE id = ? AND ended_at_ms IS NULL');

  return {
    async openEpisode(serverId: number): Promise<UpsEpisodeRow | undefined> {
      const r = (await openOf.get(serverId)) as RawEpisode | undefined;
      return r && toEpisode(r);
    },
    async episode(id: number): Promise<UpsEpisodeRow | undefined> {
      const r = (await byId.get(id)) as RawEpisode | undefined;
      return r && toEpisode(r);
    },
    async episodesOf(serverId: number): Promise<UpsEpisodeRow[]> {
      return ((await ofServer.all(serverId)) as RawEpisode[]).map(toEpisode);
    },
    /** Opens an episode; returns its id. */
    async open(e: NewUpsEpisode): Promise<number> {
      return ((await insert.get(e)) as { id: number }).id;
    },
    async markLowBattery(id: number, atMs: number): Promise<void> {
      await lowBattery.run(atMs, id);
    },
    async close(id: number, atMs: number): Promise<void> {
      await close.run(atMs, id);
    },
  };
}
export type UpsRepo = ReturnType<typeof createUpsRepo>;
