// Builds the model of « Rapport quotas — préparation migration KoXo » from stored reports (pure).
import type { Report } from '../../shared/protocol/index.ts';
import { QUOTA_REPORT_TITLE } from './quota-report-types.ts';
import type {
  BuildQuotaReportInput,
  QuotaReport,
  SchoolTotals,
  ServerReportInput,
  ServerSummary,
  SpaceRow,
  Totals,
  UserRow,
} from './quota-report-types.ts';
import { addSpaceTypes, computeSpaceTypes, ZERO_SPACE_TYPES } from './space-types.ts';
import { computeSpaceVolumes } from './space-volumes.ts';
import { buildUserRows, compareUserRows, mergeQuotaUsers } from './user-rows.ts';

/** How many spaces the "largest spaces" table lists unless told otherwise. */
export const DEFAULT_LARGEST_SPACES = 20;

/**
 * 1. One line per user and server (quota merged with perso), sorted over-quota first.
 * 2. Per server: volumes to migrate, then summed per school and for the whole scope.
 * 3. Growth against each server's baseline snapshot, when it has one.
 * 4. The largest spaces across the scope.
 */
export function buildQuotaReport(input: BuildQuotaReportInput): QuotaReport {
  const builder = createQuotaReportBuilder(input);
  for (const s of input.servers) builder.add(s);
  return builder.finish();
}

/**
 * The same, one server at a time: `add` keeps only the lines and totals built from a report, so a caller
 * can decode reports one by one (and yield to the event loop between them) for a fleet-wide report.
 */
export function createQuotaReportBuilder(options: Omit<BuildQuotaReportInput, 'servers'>) {
  const limit = Math.max(0, options.largestSpacesLimit ?? DEFAULT_LARGEST_SPACES);
  const users: UserRow[] = [];
  const summaries: ServerSummary[] = [];
  const schools = new Map<string, SchoolTotals>();
  let spaces: SpaceRow[] = [];
  let fleet = emptyTotals();
  let spaceTypes = { ...ZERO_SPACE_TYPES };
  return {
    add(s: ServerReportInput): void {
      const rows = buildUserRows(s.uai, s.server, s.report, s.baseline?.report);
      for (const row of rows) users.push(row);
      const totals = serverTotals(s, rows);
      const school = schools.get(s.uai) ?? { uai: s.uai, schoolName: s.schoolName ?? null, ...emptyTotals() };
      schools.set(s.uai, { ...addTotals(school, totals), uai: s.uai, schoolName: school.schoolName ?? s.schoolName ?? null });
      fleet = addTotals(fleet, totals);
      spaceTypes = addSpaceTypes(spaceTypes, computeSpaceTypes(s.report.spaces?.spaces ?? []));
      summaries.push(summarizeServer(s));
      spaces = largestOf([...spaces, ...spaceRows(s, limit)], limit);
    },
    finish(): QuotaReport {
      users.sort(compareUserRows);
      summaries.sort((a, b) => compareText(a.uai, b.uai) || compareText(a.server, b.server));
      return {
        title: QUOTA_REPORT_TITLE,
        uai: options.uai,
        generatedAt: options.generatedAt.toISOString(),
        since: options.since,
        servers: summaries,
        schools: [...schools.values()].sort((a, b) => compareText(a.uai, b.uai)),
        fleet,
        users,
        largestSpaces: spaces,
        spaceTypes,
      };
    },
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarizeServer(s: ServerReportInput): ServerSummary {
  return {
    uai: s.uai,
    server: s.server,
    schoolName: s.schoolName ?? null,
    reportFinishedAt: s.report.finishedAt,
    partial: isPartial(s.report),
    quotaStatus: s.report.quota?.status ?? 'absent',
    baselineDay: s.baseline?.day ?? null,
  };
}

/** True when some figure of the report is a lower bound (the scan or a space walk hit its budget). */
export function isPartial(report: Report): boolean {
  return report.spaces !== undefined && (report.spaces.partial || report.spaces.spaces.some((sp) => sp.truncated));
}

export function emptyTotals(): Totals {
  return {
    servers: 0,
    users: 0,
    usersOverHard: 0,
    usersOverSoft: 0,
    emptyPersos: 0,
    quotaUsedBytes: 0,
    persoBytes: 0,
    sharesBytes: 0,
    excludedBytes: 0,
    toMigrateBytes: 0,
    olderThan3yBytes: 0,
    toMigrateGrowthBytes: null,
    quotaUsedGrowthBytes: null,
  };
}

function serverTotals(s: ServerReportInput, rows: readonly UserRow[]): Totals {
  const volumes = computeSpaceVolumes(s.report.spaces?.spaces ?? []);
  const quotaUsed = sumQuotaUsed(s.report);
  const base = s.baseline?.report;
  return {
    servers: 1,
    users: rows.length,
    usersOverHard: rows.filter((r) => r.status === 'over_hard').length,
    usersOverSoft: rows.filter((r) => r.status === 'over_soft').length,
    emptyPersos: (s.report.spaces?.spaces ?? []).filter((sp) => sp.kind === 'perso' && sp.apparentBytes === 0 && sp.files === 0).length,
    quotaUsedBytes: quotaUsed,
    ...volumes,
    toMigrateGrowthBytes: base === undefined ? null : volumes.toMigrateBytes - computeSpaceVolumes(base.spaces?.spaces ?? []).toMigrateBytes,
    quotaUsedGrowthBytes: base === undefined || base.quota?.status !== 'ok' || s.report.quota?.status !== 'ok'
      ? null
      : quotaUsed - sumQuotaUsed(base),
  };
}

function sumQuotaUsed(report: Report): number {
  let total = 0;
  for (const q of mergeQuotaUsers(report).values()) total += q.usedBytes;
  return total;
}

/** Field-wise sum; a growth figure stays null only when both sides are null. */
export function addTotals<T extends Totals>(a: T, b: Totals): T {
  return {
    ...a,
    servers: a.servers + b.servers,
    users: a.users + b.users,
    usersOverHard: a.usersOverHard + b.usersOverHard,
    usersOverSoft: a.usersOverSoft + b.usersOverSoft,
    emptyPersos: a.emptyPersos + b.emptyPersos,
    quotaUsedBytes: a.quotaUsedBytes + b.quotaUsedBytes,
    persoBytes: a.persoBytes + b.persoBytes,
    sharesBytes: a.sharesBytes + b.sharesBytes,
    excludedBytes: a.excludedBytes + b.excludedBytes,
    toMigrateBytes: a.toMigrateBytes + b.toMigrateBytes,
    olderThan3yBytes: a.olderThan3yBytes + b.olderThan3yBytes,
    toMigrateGrowthBytes: addNullable(a.toMigrateGrowthBytes, b.toMigrateGrowthBytes),
    quotaUsedGrowthBytes: addNullable(a.quotaUsedGrowthBytes, b.quotaUsedGrowthBytes),
  };
}

function addNullable(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : a + b;
}

/** A server's `limit` largest spaces (only these can make the overall top `limit`). */
function spaceRows(s: ServerReportInput, limit: number): SpaceRow[] {
  const baseByKey = new Map((s.baseline?.report.spaces?.spaces ?? []).map((sp) => [`${sp.kind}\u0000${sp.path}`, sp]));
  const candidates = [...(s.report.spaces?.spaces ?? [])].sort((a, b) => b.apparentBytes - a.apparentBytes).slice(0, limit);
  return candidates.map((sp) => {
    const ageTotal = sp.ageBytes.lt1y + sp.ageBytes.y1to3 + sp.ageBytes.gt3y;
    const base = baseByKey.get(`${sp.kind}\u0000${sp.path}`);
    return {
      uai: s.uai,
      server: s.server,
      kind: sp.kind,
      name: sp.name,
      path: sp.path,
      apparentBytes: sp.apparentBytes,
      allocatedBytes: sp.allocatedBytes,
      files: sp.files,
      olderThan3yRatio: ageTotal > 0 ? sp.ageBytes.gt3y / ageTotal : null,
      truncated: sp.truncated,
      growthBytes: s.baseline === undefined ? null : sp.apparentBytes - (base?.apparentBytes ?? 0),
    };
  });
}

/** Largest first; ties by school, server, then path, so the table does not depend on input order. */
function largestOf(rows: SpaceRow[], limit: number): SpaceRow[] {
  rows.sort((a, b) => b.apparentBytes - a.apparentBytes || compareText(a.uai, b.uai) || compareText(a.server, b.server) || compareText(a.path, b.path));
  return rows.slice(0, limit);
}
