/**
 * Read-only queries of the availability report: servers with their enrolment, first sign of life and state;
 * outages and silences overlapping a time range (a removed silence ends when it was removed).
 */
import type { CauseDetail, LivenessState, OutageCause } from '../domain/liveness-state.ts';
import type { AvailabilityServerInput, OutageInput, SilenceInput } from '../reports/availability-report-types.ts';
import type { SqlDb } from './sql.ts';

interface RawServer {
  id: number; uai: string; machine: string; name: string; academie: string | null; enrolled_at_ms: number;
  retired_at_ms: number | null; first_seen_ms: number | null; state: LivenessState | null;
}
interface RawOutage {
  server_id: number; started_at_ms: number; ended_at_ms: number | null; cause: OutageCause; provisional: number; rebooted: number | null;
  cause_detail: CauseDetail | null;
}
interface RawSilence { uai: string; machine: string | null; starts_at_ms: number; ends_ms: number; reason: string }

export function createAvailabilityRepo(db: SqlDb) {
  // `CAST(@uai AS TEXT) IS NULL`: PostgreSQL cannot type a parameter only compared with NULL.
  // First sign of life: the first transition out of `unknown`; a server seen before the history existed counts from enrolment.
  const servers = db.prepare(
    `SELECT s.id, s.uai, s.machine, s.name, s.academie, s.enrolled_at_ms, s.retired_at_ms, l.state,
       COALESCE((SELECT MIN(t.at_ms) FROM liveness_transitions t WHERE t.server_id = s.id AND t.from_state = 'unknown'),
                CASE WHEN COALESCE(l.last_seen_ms, s.last_seen_at_ms) IS NOT NULL THEN s.enrolled_at_ms END) AS first_seen_ms
     FROM servers s LEFT JOIN liveness l ON l.server_id = s.id
     WHERE (CAST(@uai AS TEXT) IS NULL OR s.uai = @uai) AND s.enrolled_at_ms < @to AND (s.retired_at_ms IS NULL OR s.retired_at_ms > @from)
     ORDER BY s.uai, s.machine`,
  );
  const outages = db.prepare(
    `SELECT o.server_id, o.started_at_ms, o.ended_at_ms, o.cause, o.cause_detail, o.provisional, o.rebooted FROM outages o
     JOIN servers s ON s.id = o.server_id
     WHERE (CAST(@uai AS TEXT) IS NULL OR s.uai = @uai) AND o.started_at_ms < @to AND (o.ended_at_ms IS NULL OR o.ended_at_ms > @from)
     ORDER BY o.server_id, o.started_at_ms, o.id`,
  );
  const silences = db.prepare(
    `SELECT uai, machine, starts_at_ms, CASE WHEN removed_at_ms < ends_at_ms THEN removed_at_ms ELSE ends_at_ms END AS ends_ms, reason FROM silences
     WHERE (CAST(@uai AS TEXT) IS NULL OR uai = @uai) AND starts_at_ms < @to AND CASE WHEN removed_at_ms < ends_at_ms THEN removed_at_ms ELSE ends_at_ms END > @from
     ORDER BY starts_at_ms, id`,
  );

  return {
    /** Servers enrolled before `toMs` and not retired before `fromMs`, with their outages overlapping the range. */
    async serversWithOutages(uai: string | null, fromMs: number, toMs: number): Promise<AvailabilityServerInput[]> {
      const params = { uai, from: fromMs, to: toMs };
      const byServer = new Map<number, OutageInput[]>();
      for (const o of (await outages.all(params)) as RawOutage[]) {
        const list = byServer.get(o.server_id) ?? [];
        list.push({
          startedAtMs: o.started_at_ms, endedAtMs: o.ended_at_ms, cause: o.cause, causeDetail: o.cause_detail, provisional: o.provisional === 1,
          rebooted: o.rebooted === null ? null : o.rebooted === 1,
        });
        byServer.set(o.server_id, list);
      }
      return ((await servers.all(params)) as RawServer[]).map((s) => ({
        uai: s.uai, machine: s.machine, schoolName: s.name, academie: s.academie, enrolledAtMs: s.enrolled_at_ms,
        retiredAtMs: s.retired_at_ms, firstSeenAtMs: s.first_seen_ms, state: s.state, outages: byServer.get(s.id) ?? [],
      }));
    },
    /** Silences (removed ones up to their removal) overlapping the range. */
    async silences(uai: string | null, fromMs: number, toMs: number): Promise<SilenceInput[]> {
      return ((await silences.all({ uai, from: fromMs, to: toMs })) as RawSilence[]).map((s) => ({
        uai: s.uai, machine: s.machine, startsAtMs: s.starts_at_ms, endsAtMs: s.ends_ms, reason: s.reason,
      }));
    },
  };
}
export type AvailabilityRepo = ReturnType<typeof createAvailabilityRepo>;
