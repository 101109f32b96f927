/**
 * « Rapport de disponibilité — période de maintenance estivale » (pure): for a maintenance window (a
 * configured one, with its per-school exceptions, or explicit dates) and the liveness history of each server,
 * how long each server was unreachable during the window, why, and how long it was powered.
 *
 * Accounting (stated in the report, see `ACCOUNTING_METHOD_FR`):
 * - covered period = the school's window ∩ [enrolment, retirement ∧ now]; the part before the agent's first
 *   report is "not monitored"; silenced time (one-off silences) is left out of the denominator;
 * - unreachable = outages (from the last sign of life to the return; open ones up to `now`) outside silences;
 * - powered off = unreachable except network/collector gaps and site outages known to have kept power.
 */
import { OUTAGE_CAUSES, type OutageCause } from '../domain/liveness-state.ts';
import { localDayEndMs, localDayStartMs, windowRangeFor, windowStatusAt, type WindowRange } from '../domain/maintenance-windows.ts';
import {
  AVAILABILITY_REPORT_TITLE,
  type AvailabilityFigures,
  type AvailabilityReport,
  type AvailabilityServerInput,
  type BuildAvailabilityInput,
  type FleetSummary,
  type OutageInput,
  type OutageLine,
  type SchoolAvailability,
  type SecondsByCause,
  type ServerAvailability,
  type SilenceInput,
} from './availability-report-types.ts';
import { clip, overlapMs, totalMs, union, type Interval } from './intervals.ts';

const HOUR_S = 3600;

/** The accounting method, in French, as printed in the report. */
export const ACCOUNTING_METHOD_FR: readonly string[] = [
  "Période couverte : pour chaque serveur, la période de maintenance de son établissement (dates et fuseau horaire "
    + "de la période, ou ceux de l'exception propre à l'établissement), à partir de l'inscription du serveur et "
    + "jusqu'à l'heure du rapport (ou jusqu'à son retrait). Le temps avant le premier signal de l'agent n'est pas mesuré.",
  "Compté comme injoignable : chaque interruption enregistrée par le collecteur, du dernier signe de vie reçu jusqu'au "
    + "retour du serveur ; une interruption encore en cours compte jusqu'à l'heure du rapport. Les interruptions sont "
    + 'coupées aux bornes de la période.',
  'Silences ponctuels (travaux annoncés) : leur durée est retirée du temps mesuré ; une interruption pendant un silence '
    + "est signalée mais n'est pas comptée.",
  'Disponibilité = 1 − temps injoignable ÷ temps mesuré. Sous tension = 1 − temps éteint ÷ temps mesuré : une coupure '
    + "réseau ou côté collecteur (le serveur n'a pas redémarré) compte comme injoignable mais sous tension ; un arrêt "
    + "annoncé, une coupure de courant ou un plantage, et une coupure de tout l'établissement avec redémarrage (ou non "
    + 'encore expliquée) comptent comme éteint.',
];

/** True when the server stayed powered during an outage of this kind. */
export function stayedPowered(outage: Pick<OutageInput, 'cause' | 'rebooted'>): boolean {
  return outage.cause === 'network' || (outage.cause === 'site' && outage.rebooted === false);
}

const zeroByCause = (): SecondsByCause => ({ shutdown: 0, power_loss: 0, network: 0, site: 0 });
const iso = (ms: number): string => new Date(ms).toISOString();
const seconds = (ms: number): number => ms / 1000;
const millis = (s: number): number => Math.round(s * 1000);

function silencesFor(server: AvailabilityServerInput, silences: readonly SilenceInput[], from: number, to: number): Interval[] {
  const own = silences.filter((s) => s.uai === server.uai && (s.machine === null || s.machine === server.machine));
  return union(own.map((s) => clip({ startMs: s.startsAtMs, endMs: s.endsAtMs }, from, to)).filter((i): i is Interval => i !== null));
}

function figures(coveredMs: number, notMonitoredMs: number, silencedMs: number, byCauseMs: SecondsByCause, poweredOffMs: number, outageCount: number, longestMs: number): AvailabilityFigures {
  const measuredMs = Math.max(0, coveredMs - notMonitoredMs - silencedMs);
  const unreachableMs = OUTAGE_CAUSES.reduce((sum, c) => sum + byCauseMs[c], 0);
  const byCause = zeroByCause();
  for (const c of OUTAGE_CAUSES) byCause[c] = seconds(byCauseMs[c]);
  return {
    coveredSeconds: seconds(coveredMs),
    notMonitoredSeconds: seconds(notMonitoredMs),
    silencedSeconds: seconds(silencedMs),
    measuredSeconds: seconds(measuredMs),
    unreachableSeconds: seconds(unreachableMs),
    unreachableByCause: byCause,
    poweredOffSeconds: seconds(poweredOffMs),
    availability: measuredMs > 0 ? Math.max(0, 1 - unreachableMs / measuredMs) : null,
    poweredRatio: measuredMs > 0 ? Math.max(0, 1 - poweredOffMs / measuredMs) : null,
    outageCount,
    longestOutageSeconds: seconds(longestMs),
  };
}

function computeServer(server: AvailabilityServerInput, range: WindowRange, nowMs: number, silences: readonly SilenceInput[]): ServerAvailability {
  const fromMs = Math.max(range.startMs, server.enrolledAtMs);
  const toMs = Math.max(fromMs, Math.min(range.endMs, nowMs, server.retiredAtMs ?? Infinity));
  const coveredMs = toMs - fromMs;
  const monitoredFromMs = Math.min(toMs, Math.max(fromMs, server.firstSeenAtMs ?? toMs));
  const silenced = silencesFor(server, silences, monitoredFromMs, toMs);
  const byCauseMs = { shutdown: 0, power_loss: 0, network: 0, site: 0 } satisfies Record<OutageCause, number>;
  let poweredOffMs = 0;
  let longestMs = 0;
  let downWhileSilencedMs = 0;
  let accountedUntil = -Infinity; // outages never overlap in the store; if they did, no time is counted twice
  const lines: OutageLine[] = [];
  const outages = [...server.outages].sort((a, b) => a.startedAtMs - b.startedAtMs);
  for (const o of outages) {
    const endMs = o.endedAtMs ?? nowMs;
    const part = clip({ startMs: Math.max(o.startedAtMs, accountedUntil), endMs }, monitoredFromMs, toMs);
    if (part === null) continue;
    accountedUntil = part.endMs;
    const durationMs = part.endMs - part.startMs;
    const silencedMs = overlapMs(part, silenced);
    const countedMs = durationMs - silencedMs;
    const powered = stayedPowered(o);
    byCauseMs[o.cause] += countedMs;
    if (!powered) poweredOffMs += countedMs;
    downWhileSilencedMs += silencedMs;
    longestMs = Math.max(longestMs, durationMs);
    lines.push({
      cause: o.cause,
      causeDetail: o.causeDetail ?? null,
      provisional: o.provisional,
      powered,
      startedAt: iso(o.startedAtMs),
      endedAt: o.endedAtMs === null ? null : iso(o.endedAtMs),
      from: iso(part.startMs),
      to: iso(part.endMs),
      startsBeforePeriod: o.startedAtMs < part.startMs,
      continuesAfterPeriod: endMs > part.endMs || o.endedAtMs === null,
      ongoing: o.endedAtMs === null,
      durationSeconds: seconds(durationMs),
      silencedSeconds: seconds(silencedMs),
    });
  }
  const f = figures(coveredMs, monitoredFromMs - fromMs, totalMs(silenced), byCauseMs, poweredOffMs, lines.length, longestMs);
  const downNow = toMs === nowMs && lines.some((l) => l.ongoing);
  return {
    uai: server.uai,
      server: server.machine,
    schoolName: server.schoolName,
    academie: server.academie,
    state: server.state,
    neverReported: server.firstSeenAtMs === null,
    downNow,
    periodFrom: coveredMs > 0 ? iso(fromMs) : null,
    periodTo: coveredMs > 0 ? iso(toMs) : null,
    timeZone: range.timeZone,
    downWhileSilencedSeconds: seconds(downWhileSilencedMs),
    ...f,
    outages: lines,
  };
}

/** Sums figures of several servers; ratios are weighted by measured time. */
function aggregate(rows: readonly AvailabilityFigures[]): AvailabilityFigures {
  const byCauseMs = zeroByCause();
  let covered = 0, notMonitored = 0, silenced = 0, poweredOff = 0, count = 0, longest = 0;
  for (const r of rows) {
    covered += millis(r.coveredSeconds);
    notMonitored += millis(r.notMonitoredSeconds);
    silenced += millis(r.silencedSeconds);
    poweredOff += millis(r.poweredOffSeconds);
    count += r.outageCount;
    longest = Math.max(longest, millis(r.longestOutageSeconds));
    for (const c of OUTAGE_CAUSES) byCauseMs[c] += millis(r.unreachableByCause[c]);
  }
  return figures(covered, notMonitored, silenced, byCauseMs, poweredOff, count, longest);
}

/** Code-point order (UAIs and machine names are ASCII; `localeCompare` is far slower on large fleets). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Worst first: lowest availability, then most unreachable time; unmeasured last; then by identity. */
function worstFirst<T extends AvailabilityFigures & { uai: string }>(a: T, b: T, tie: (a: T, b: T) => number): number {
  const av = a.availability ?? 2;
  const bv = b.availability ?? 2;
  return av - bv || b.unreachableSeconds - a.unreachableSeconds || b.poweredOffSeconds - a.poweredOffSeconds
    || compareText(a.uai, b.uai) || tie(a, b);
}

function fleetSummary(servers: readonly ServerAvailability[], schools: number): FleetSummary {
  const measured = servers.filter((s) => s.measuredSeconds > 0);
  const outagesByCause = { shutdown: 0, power_loss: 0, network: 0, site: 0 };
  for (const s of servers) for (const o of s.outages) outagesByCause[o.cause] += 1;
  return {
    ...aggregate(servers),
    schools,
    servers: servers.length,
    serversMeasured: measured.length,
    serversNeverReported: servers.filter((s) => s.neverReported).length,
    serversAlwaysReachable: measured.filter((s) => s.unreachableSeconds === 0).length,
    serversNeverPoweredOff: measured.filter((s) => s.poweredOffSeconds === 0).length,
    serversOffAtLeastOneHour: servers.filter((s) => s.poweredOffSeconds >= HOUR_S).length,
    serversUnreachableAtLeastOneHour: servers.filter((s) => s.unreachableSeconds >= HOUR_S).length,
    serversDownNow: servers.filter((s) => s.downNow).length,
    outagesByCause,
  };
}

/** Builds the report. Servers enrolled after the window or retired before it are left out. */
export function buildAvailabilityReport(input: BuildAvailabilityInput): AvailabilityReport {
  const nowMs = input.now.getTime();
  const { window } = input;
  const servers: ServerAvailability[] = [];
  // Date arithmetic in a time zone is costly: once for the window, once per school with an exception.
  const common = windowRangeFor({ ...window, exceptions: [] }, '');
  const exceptional = new Set(window.exceptions.map((e) => e.uai));
  for (const server of input.servers) {
    if (input.uai !== null && server.uai !== input.uai) continue;
    const range = exceptional.has(server.uai) ? windowRangeFor(window, server.uai) : common;
    if (range === null) continue;
    if (server.enrolledAtMs >= range.endMs || (server.retiredAtMs !== null && server.retiredAtMs <= range.startMs)) continue;
    servers.push(computeServer(server, range, nowMs, input.silences));
  }
  servers.sort((a, b) => worstFirst(a, b, (x, y) => compareText(x.server, y.server)));

  const bySchool = new Map<string, ServerAvailability[]>();
  for (const s of servers) bySchool.set(s.uai, [...(bySchool.get(s.uai) ?? []), s]);
  const schools: SchoolAvailability[] = [...bySchool.entries()].map(([uai, rows]) => ({
    uai,
    schoolName: rows[0]?.schoolName ?? '',
    servers: rows.length,
    serversDownNow: rows.filter((r) => r.downNow).length,
    ...aggregate(rows),
  }));
  schools.sort((a, b) => worstFirst(a, b, () => 0));

  const startMs = localDayStartMs(window.from, window.timeZone);
  const endMs = localDayEndMs(window.to, window.timeZone);
  const inScope = (uai: string): boolean => input.uai === null || uai === input.uai;
  return {
    title: AVAILABILITY_REPORT_TITLE,
    generatedAt: input.now.toISOString(),
    uai: input.uai,
    window: {
      name: window.name,
      explicit: input.explicit,
      from: window.from,
      to: window.to,
      timeZone: window.timeZone,
      startAt: iso(startMs),
      endAt: iso(endMs),
      status: windowStatusAt(nowMs, startMs, endMs),
    },
    method: ACCOUNTING_METHOD_FR,
    fleet: fleetSummary(servers, schools.length),
    schools,
    servers,
    excludedSchools: window.exceptions.filter((e) => e.exclude === true && inScope(e.uai)).map((e) => e.uai).sort(),
    schoolExceptions: window.exceptions.flatMap((e) => (e.exclude === true || !inScope(e.uai)
      ? []
      : [{ uai: e.uai, from: e.from ?? window.from, to: e.to ?? window.to, timeZone: e.timeZone ?? window.timeZone }])),
  };
}
