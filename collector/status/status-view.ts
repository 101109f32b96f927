/**
 * The view model of the status page « État du parc Scribe »: headline counts, active maintenance windows,
 * the servers needing attention (worst first) and the online ones grouped by académie and school. Pure: it
 * takes the server views of `services/server-views.ts` and the current instant; every French text is decided
 * here (the renderer only lays it out and escapes it). Times are shown in Europe/Paris.
 */
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import type { OutageCause } from '../domain/liveness-state.ts';
import { createInstantFormatter, formatFullInstantFr, type InstantFormatter } from '../presentation/dates-fr.ts';
import { formatDurationFr } from '../presentation/durations-fr.ts';
import { STATE_LABELS, downVerbFr } from '../presentation/liveness-labels-fr.ts';
import { causeWithDetailFr } from '../presentation/ups-labels-fr.ts';
import type { ServerView } from '../services/server-views.ts';
import type { WindowHistoryView } from './window-history-view.ts';
import type { SchoolCoverage } from '../services/school-coverage.ts';
import { unwatchedRows, type UnwatchedRow } from './unwatched-section.ts';

/** Why a server is listed among those needing attention, worst first. */
export const ATTENTION_ORDER = ['down_in_window', 'offline', 'shutdown', 'late', 'unknown'] as const;
export type Attention = (typeof ATTENTION_ORDER)[number];

export interface StatusCounts {
  readonly online: number;
  readonly late: number;
  readonly offline: number;
  readonly shutdown: number;
  readonly unknown: number;
  /** Every listed server (retired ones are left out). */
  readonly total: number;
}

export interface WindowLine {
  readonly name: string;
  /** « samedi 13 septembre 2025 à 00:00 (Europe/Paris) ». */
  readonly endsAt: string;
  /** « 64 j 16 h ». */
  readonly timeLeft: string;
  /** Servers of the page inside this window. */
  readonly servers: number;
}

export interface AttentionRow {
  readonly attention: Attention;
  /** « Éteint pendant la période », « Injoignable », « Éteint (arrêt annoncé) », « En retard », « Jamais connecté ». */
  readonly stateLabel: string;
  readonly uai: string;
  readonly school: string;
  readonly machine: string;
  /** Local time of the start: « 14:02 », « le 12/07 à 14:02 »; null when unknown. */
  readonly since: string | null;
  /** « depuis 2 h 14 min »; null when unknown. */
  readonly lasting: string | null;
  readonly cause: string | null;
  /** « jusqu'à 18:00 » when the server (or its school) is silenced. */
  readonly silence: string | null;
}

export interface OnlineSchool {
  readonly uai: string;
  readonly school: string;
  readonly machines: readonly string[];
}

export interface OnlineAcademie {
  readonly academie: string;
  readonly schools: readonly OnlineSchool[];
}

export interface StatusView {
  readonly title: string;
  /** « Ensemble des établissements » or « Établissement 0860021F — Collège Jean Moulin ». */
  readonly scope: string;
  /** « samedi 12 juillet 2025 à 10:02 (Europe/Paris) ». */
  readonly updatedAt: string;
  readonly counts: StatusCounts;
  /** One sentence: all is well, or how many servers need attention. */
  readonly verdict: string;
  readonly verdictLevel: 'good' | 'bad' | 'warn' | 'none';
  readonly windows: readonly WindowLine[];
  readonly attention: readonly AttentionRow[];
  readonly online: readonly OnlineAcademie[];
  /** The window banner, timeline and incidents (`window-history-view.ts`); absent when not loaded. */
  readonly history?: WindowHistoryView | undefined;
  /** Schools of the inventory without a server that has reported (empty without an inventory). */
  readonly unwatched?: readonly UnwatchedRow[];
}

/** A window active somewhere, as `{ name, endsAt }` (ISO), e.g. the fleet's default range. */
export interface ActiveWindow {
  readonly name: string;
  readonly endsAt: string;
}

export interface StatusInput {
  readonly servers: readonly ServerView[];
  readonly now: Date;
  /** The school the page is restricted to, or null for the whole fleet. */
  readonly uai: string | null;
  /** Windows active for the page's scope even if no listed server is in them (the fleet default). */
  readonly windows?: readonly ActiveWindow[];
  /** Passed through to the view. */
  readonly history?: WindowHistoryView;
  /** The inventory's coverage (`services/school-coverage.ts`), for « Établissements sans serveur supervisé ». */
  readonly schools?: readonly SchoolCoverage[];
}

export const STATUS_TITLE = 'État du parc Scribe';
export const NO_ACADEMIE = 'Académie non renseignée';
const ZONE = PARIS_TIME_ZONE;

const plural = (n: number, one: string, many: string): string => `${n} ${n > 1 ? many : one}`;
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const ms = (iso: string | null | undefined): number | null => (iso === null || iso === undefined ? null : Date.parse(iso));

/** « jusqu'à 18:00 » the same day, « jusqu'au 12/07 à 18:00 » otherwise. */
function untilFr(at: Date, instant: InstantFormatter): string {
  const when = instant(at);
  return when.startsWith('le ') ? `jusqu'au ${when.slice(3)}` : `jusqu'à ${when}`;
}

/** The attention category of a server, or null when it is online (or retired). */
export function attentionOf(server: Pick<ServerView, 'state' | 'window'>): Attention | null {
  switch (server.state) {
    case 'offline':
    case 'shutdown':
      return server.window === null ? server.state : 'down_in_window';
    case 'late':
    case 'unknown':
      return server.state;
    case 'online':
    case 'retired':
      return null;
  }
}

/** The cause of the open outage, or null when there is none (yet). */
function causeOf(server: ServerView): OutageCause | null {
  return server.currentOutage?.cause ?? null;
}

function stateLabelOf(server: ServerView, attention: Attention): string {
  const down = (): string =>
    server.state === 'shutdown' ? STATE_LABELS.shutdown : capitalize(downVerbFr({ state: 'offline', cause: causeOf(server) }));
  switch (attention) {
    case 'down_in_window':
      return `${down()} pendant la période`;
    case 'offline':
    case 'shutdown':
      return down();
    case 'late':
    case 'unknown':
      return STATE_LABELS[attention];
  }
}

/** When the current situation began: the outage start, the last sign of life when late, the enrolment when never seen. */
function sinceMsOf(server: ServerView, attention: Attention): number | null {
  if (attention === 'late') return ms(server.lastSeen) ?? ms(server.stateSince);
  if (attention === 'unknown') return ms(server.stateSince);
  return ms(server.currentOutage?.startedAt) ?? ms(server.lastSeen) ?? ms(server.stateSince);
}

function attentionRow(server: ServerView, attention: Attention, now: Date, instant: InstantFormatter): AttentionRow & { readonly sinceMs: number | null } {
  const sinceMs = sinceMsOf(server, attention);
  const cause = causeOf(server);
  const silencedUntil = ms(server.silencedUntil);
  return {
    attention,
    stateLabel: stateLabelOf(server, attention),
    uai: server.uai,
    school: server.name,
    machine: server.machine,
    since: sinceMs === null ? null : instant(new Date(sinceMs)),
    lasting: sinceMs === null ? null : `depuis ${formatDurationFr(now.getTime() - sinceMs)}`,
    cause: cause === null ? null : causeWithDetailFr(cause, server.currentOutage?.causeDetail),
    silence: silencedUntil === null ? null : untilFr(new Date(silencedUntil), instant),
    sinceMs,
  };
}

function compareRows(a: AttentionRow & { sinceMs: number | null }, b: AttentionRow & { sinceMs: number | null }): number {
  const byRank = ATTENTION_ORDER.indexOf(a.attention) - ATTENTION_ORDER.indexOf(b.attention);
  if (byRank !== 0) return byRank;
  const bySince = (a.sinceMs ?? Infinity) - (b.sinceMs ?? Infinity); // longest first
  if (bySince !== 0 && !Number.isNaN(bySince)) return bySince;
  return a.uai < b.uai ? -1 : a.uai > b.uai ? 1 : a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : 0;
}

function countStates(servers: readonly ServerView[]): StatusCounts {
  const c = { online: 0, late: 0, offline: 0, shutdown: 0, unknown: 0, total: 0 };
  for (const s of servers) {
    if (s.state === 'online' || s.state === 'late' || s.state === 'offline' || s.state === 'shutdown' || s.state === 'unknown') {
      c[s.state] += 1;
      c.total += 1;
    }
  }
  return c;
}

function windowLines(servers: readonly ServerView[], extra: readonly ActiveWindow[], now: Date): WindowLine[] {
  const byKey = new Map<string, { name: string; endMs: number; servers: number }>();
  const add = (name: string, endsAt: string, count: number): void => {
    const endMs = Date.parse(endsAt);
    const key = `${name}\u0000${endMs}`;
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, { name, endMs, servers: count });
    else known.servers += count;
  };
  for (const w of extra) add(w.name, w.endsAt, 0);
  for (const s of servers) if (s.window !== null && s.state !== 'retired') add(s.window.name, s.window.endsAt, 1);
  return [...byKey.values()]
    .filter((w) => w.endMs > now.getTime())
    .sort((a, b) => a.endMs - b.endMs || (a.name < b.name ? -1 : 1))
    .map((w) => ({
      name: w.name,
      endsAt: formatFullInstantFr(new Date(w.endMs), ZONE),
      timeLeft: formatDurationFr(w.endMs - now.getTime()),
      servers: w.servers,
    }));
}

function onlineGroups(servers: readonly ServerView[]): OnlineAcademie[] {
  const academies = new Map<string, Map<string, { school: string; machines: string[] }>>();
  for (const s of servers) {
    if (s.state !== 'online') continue;
    const academie = s.academie ?? NO_ACADEMIE;
    let schools = academies.get(academie);
    if (schools === undefined) academies.set(academie, (schools = new Map()));
    let school = schools.get(s.uai);
    if (school === undefined) schools.set(s.uai, (school = { school: s.name, machines: [] }));
    school.machines.push(s.machine);
  }
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...academies.entries()]
    .sort(([a], [b]) => (a === NO_ACADEMIE ? 1 : b === NO_ACADEMIE ? -1 : byText(a, b)))
    .map(([academie, schools]) => ({
      academie,
      schools: [...schools.entries()]
        .sort(([a], [b]) => byText(a, b))
        .map(([uai, s]) => ({ uai, school: s.school, machines: [...s.machines].sort(byText) })),
    }));
}

function verdictOf(counts: StatusCounts, attention: readonly AttentionRow[]): Pick<StatusView, 'verdict' | 'verdictLevel'> {
  if (counts.total === 0) return { verdict: 'Aucun serveur inscrit.', verdictLevel: 'none' };
  if (attention.length === 0) {
    return { verdict: counts.total === 1 ? 'Le serveur est en ligne.' : `Les ${counts.total} serveurs sont en ligne.`, verdictLevel: 'good' };
  }
  const down = counts.offline + counts.shutdown;
  const level = down > 0 ? 'bad' : 'warn';
  return { verdict: `${plural(attention.length, 'serveur', 'serveurs')} sur ${counts.total} ${attention.length > 1 ? 'demandent' : 'demande'} de l'attention.`, verdictLevel: level };
}

/** Builds the page's view model from the server views at `now`. */
export function buildStatusView(input: StatusInput): StatusView {
  const servers = input.servers.filter((s) => s.state !== 'retired');
  const counts = countStates(servers);
  const rows: (AttentionRow & { sinceMs: number | null })[] = [];
  const instant = createInstantFormatter(input.now, ZONE);
  for (const s of servers) {
    const attention = attentionOf(s);
    if (attention !== null) rows.push(attentionRow(s, attention, input.now, instant));
  }
  rows.sort(compareRows);
  const attention: AttentionRow[] = rows.map(({ sinceMs: _sinceMs, ...row }) => row);
  const school = input.uai === null ? undefined : servers.find((s) => s.uai === input.uai)?.name;
  return {
    title: STATUS_TITLE,
    scope: input.uai === null ? 'Ensemble des établissements' : `Établissement ${input.uai}${school === undefined ? '' : ` — ${school}`}`,
    updatedAt: formatFullInstantFr(input.now, ZONE),
    counts,
    ...verdictOf(counts, attention),
    windows: windowLines(servers, input.windows ?? [], input.now),
    attention,
    online: onlineGroups(servers),
    history: input.history,
    unwatched: unwatchedRows(input.schools ?? []),
  };
}
