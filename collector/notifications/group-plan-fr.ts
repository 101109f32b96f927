/**
 * The French plan of a grouped notice (docs/NOTIFICATIONS.md « Grouped notices »): several servers' notices of
 * one kind, sent as one message. Pure: the title says how many servers and where (one school, one or a few
 * communes, départements, the whole académie), the body lists them grouped by commune (or département), then by
 * school, each server with its cause. Places come from an optional inventory ({@link SchoolPlaceLookup});
 * the département is otherwise derived from the UAI.
 */
import type { OutageCause } from '../domain/liveness-state.ts';
import type { NoticeKind, NoticeState, Severity } from '../domain/notice-vocabulary.ts';
import { placeOf, type SchoolPlace, type SchoolPlaceLookup } from '../domain/school-place.ts';
import { createInstantFormatter } from '../presentation/dates-fr.ts';
import { formatDurationFr } from '../presentation/durations-fr.ts';
import { SEVERITY_LABELS, causeInSentenceFr, downVerbFr } from '../presentation/liveness-labels-fr.ts';
import { isResolution } from '../domain/notice-vocabulary.ts';

/** One server's notice in the group. */
export interface GroupItem {
  readonly uai: string;
  readonly machine: string;
  /** The school's name as enrolled. */
  readonly name: string;
  readonly cause: OutageCause;
  readonly state: NoticeState;
  readonly severity: Severity;
  /** Outage start. */
  readonly since: Date;
  /** For kind 'up': when the server came back. */
  readonly endedAt?: Date;
}

export interface GroupContext {
  readonly kind: NoticeKind;
  /** When the group is sent (instants on that local day are shown as bare times). */
  readonly at: Date;
  readonly timeZone: string;
  /** Non-retired servers of the fleet: a group of several schools covering them all is « toute l'académie ». */
  readonly fleetSize?: number;
}

export type GroupScope = 'school' | 'commune' | 'departement' | 'schools' | 'academie';

export interface PlannedSchool {
  /** « Collège Jean Moulin (0860021F) — 3 serveurs ». */
  readonly heading: string;
  /** One line per server: « scribe : coupure de courant ou plantage, depuis 14:02 ». */
  readonly lines: readonly string[];
}

export interface PlannedSection {
  /** « Poitiers (86) — 4 établissements, 14 serveurs », « Département 86 — … », or « Établissements — … ». */
  readonly heading: string;
  readonly schools: readonly PlannedSchool[];
}

export interface GroupedNoticePlan {
  readonly scope: GroupScope;
  readonly servers: number;
  readonly schools: number;
  /** « [Vigie][critique] 40 serveurs injoignables dans 3 communes (Poitiers, Niort, Melle) ». */
  readonly subject: string;
  /** The subject without its tags, with the earliest start: « 40 serveurs injoignables … depuis 14:02 ». */
  readonly summary: string;
  readonly sections: readonly PlannedSection[];
}

/** At most this many communes are named in a title before it speaks of départements. */
export const MAX_COMMUNES_IN_TITLE = 5;
/** Names listed in a title before « … ». */
const NAMED_IN_TITLE = 3;

interface School {
  readonly uai: string;
  readonly name: string;
  readonly place: SchoolPlace;
  readonly items: GroupItem[];
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function serverCount(items: readonly GroupItem[]): number {
  return new Set(items.map((i) => `${i.uai}/${i.machine}`)).size;
}

/** « injoignables », « éteints », or « injoignables ou éteints » when the servers differ (singular for one). */
function groupVerb(items: readonly GroupItem[], count: number): string {
  const s = count === 1 ? '' : 's';
  const verbs = [...new Set(items.map((i) => downVerbFr(i)))];
  return verbs.length === 1 ? `${verbs[0]!}${s}` : `injoignable${s} ou éteint${s}`;
}

function byCountThenName<T>(entries: readonly [string, T[]][]): [string, T[]][] {
  return [...entries].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], 'fr'));
}

function named(names: readonly string[]): string {
  return names.length <= NAMED_IN_TITLE ? names.join(', ') : `${names.slice(0, NAMED_IN_TITLE).join(', ')}, …`;
}

function collect(items: readonly GroupItem[], lookup: SchoolPlaceLookup): School[] {
  const schools = new Map<string, School>();
  for (const item of items) {
    let school = schools.get(item.uai);
    if (school === undefined) {
      const place = placeOf(item.uai, lookup);
      school = { uai: item.uai, name: place.name ?? item.name, place, items: [] };
      schools.set(item.uai, school);
    }
    school.items.push(item);
  }
  return [...schools.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.uai.localeCompare(b.uai));
}

/** Schools by a place field, when every school has it; undefined otherwise. */
function areas(schools: readonly School[], field: 'commune' | 'departement'): [string, School[]][] | undefined {
  const map = new Map<string, School[]>();
  for (const s of schools) {
    const key = s.place[field];
    if (key === undefined) return undefined;
    map.set(key, [...(map.get(key) ?? []), s]);
  }
  return byCountThenName([...map.entries()]);
}

function itemsOf(schools: readonly School[]): GroupItem[] {
  return schools.flatMap((s) => s.items);
}

function whereFr(schools: readonly School[], ctx: GroupContext, count: number): { scope: GroupScope; text: string } {
  if (schools.length > 1 && ctx.fleetSize !== undefined && ctx.fleetSize > 1 && count >= ctx.fleetSize) {
    return { scope: 'academie', text: " dans toute l'académie" };
  }
  const communes = areas(schools, 'commune');
  if (schools.length === 1) {
    const s = schools[0]!;
    return { scope: 'school', text: ` — ${s.name} (${s.place.commune ?? s.uai})` };
  }
  const inSchools = `dans ${plural(schools.length, 'établissement')}`;
  if (communes !== undefined && communes.length <= MAX_COMMUNES_IN_TITLE) {
    const text = communes.length === 1 ? ` ${inSchools} à ${communes[0]![0]}` : ` dans ${communes.length} communes (${named(communes.map(([c]) => c))})`;
    return { scope: 'commune', text };
  }
  const departements = areas(schools, 'departement');
  if (departements !== undefined) {
    const text =
      departements.length === 1
        ? ` ${inSchools} du département ${departements[0]![0]}`
        : ` dans ${departements.length} départements (${named(departements.map(([d]) => d))})`;
    return { scope: 'departement', text };
  }
  return { scope: 'schools', text: ` ${inSchools}` };
}

function lineFr(item: GroupItem, kind: NoticeKind, instant: (at: Date) => string, at: Date): string {
  const cause = causeInSentenceFr(item.cause);
  if (kind === 'up') {
    const end = item.endedAt ?? at;
    return `${item.machine} : de nouveau en ligne à ${instant(end)} après ${formatDurationFr(end.getTime() - item.since.getTime())} d'interruption (${cause})`;
  }
  const lasting = kind === 'reminder' ? `, soit ${formatDurationFr(at.getTime() - item.since.getTime())}` : '';
  return `${item.machine} : ${downVerbFr(item)} depuis ${instant(item.since)}${lasting} (${cause})`;
}

function sectionsFr(schools: readonly School[], ctx: GroupContext): PlannedSection[] {
  const instant = createInstantFormatter(ctx.at, ctx.timeZone);
  const grouped: [string, School[]][] =
    areas(schools, 'commune')?.map(([c, list]) => [`${c}${list[0]!.place.departement === undefined ? '' : ` (${list[0]!.place.departement})`}`, list]) ??
    areas(schools, 'departement')?.map(([d, list]) => [`Département ${d}`, list]) ?? [['Établissements', [...schools]]];
  return grouped.map(([area, list]) => ({
    heading: `${area} — ${plural(list.length, 'établissement')}, ${plural(serverCount(itemsOf(list)), 'serveur')}`,
    schools: list.map((s) => ({
      heading: `${s.name} (${s.uai}) — ${plural(serverCount(s.items), 'serveur')}`,
      lines: [...s.items]
        .sort((a, b) => a.machine.localeCompare(b.machine) || a.since.getTime() - b.since.getTime())
        .map((i) => lineFr(i, ctx.kind, instant, ctx.at)),
    })),
  }));
}

/** The grouped notice for `items` (all of kind `ctx.kind`), with places from `lookup`. */
export function planGroupedNotice(items: readonly GroupItem[], lookup: SchoolPlaceLookup, ctx: GroupContext): GroupedNoticePlan {
  const schools = collect(items, lookup);
  const count = serverCount(items);
  const where = whereFr(schools, ctx, count);
  const servers = plural(count, 'serveur');
  const verb = groupVerb(items, count);
  const earliest = items.reduce((min, i) => Math.min(min, i.since.getTime()), Number.POSITIVE_INFINITY);
  const since = Number.isFinite(earliest) ? ` depuis ${createInstantFormatter(ctx.at, ctx.timeZone)(new Date(earliest))}` : '';
  const worst = items.some((i) => i.severity === 'critical') ? 'critical' : items.some((i) => i.severity === 'warning') ? 'warning' : 'info';
  let core: string;
  let tag: string;
  switch (ctx.kind) {
    case 'down':
      core = `${servers} ${verb}${where.text}`;
      tag = SEVERITY_LABELS[worst];
      break;
    case 'reminder':
      core = `Rappel : ${servers} toujours ${verb}${where.text}`;
      tag = SEVERITY_LABELS[worst];
      break;
    case 'up':
      core = `${servers} de nouveau en ligne${where.text}`;
      tag = 'rétabli';
      break;
    case 'ups_on_battery':
      core = `${servers} sur batterie${where.text}`;
      tag = SEVERITY_LABELS[worst];
      break;
    case 'ups_on_mains':
      core = `${servers} de nouveau sur secteur${where.text}`;
      tag = 'rétabli';
      break;
  }
  return {
    scope: where.scope,
    servers: count,
    schools: schools.length,
    subject: `[Vigie][${tag}] ${core}`,
    summary: isResolution(ctx.kind) ? core : `${core}${since}`,
    sections: sectionsFr(schools, ctx),
  };
}
