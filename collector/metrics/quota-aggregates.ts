// Per-server aggregates of a report, as Prometheus exposes them (never one series per user, except a capped top-N).
import type { Profile, QuotaStatus, Report, SpaceKind } from '../../shared/protocol/index.ts';
import { isPartial } from '../reports/quota-report.ts';
import { mergeQuotaUsers } from '../reports/user-rows.ts';
import { aggregateProbes, type ProbeAggregate } from './probe-aggregates.ts';

/** Bump when the shape changes: stored aggregates of another version are recomputed from the report. */
export const AGGREGATES_VERSION = 2;

/** How many top users are kept with the aggregates (the metric shows at most this many). */
export const MAX_STORED_TOP_USERS = 100;

export const PROFILES: readonly Profile[] = ['eleve', 'enseignant', 'administratif', 'autre'];
export const QUOTA_STATUSES: readonly QuotaStatus[] = ['ok', 'over_soft', 'over_hard'];
export const AGE_BUCKETS = ['lt1y', 'y1to3', 'gt3y'] as const;

export interface SpaceKindAggregate {
  /** Allocated bytes (disk usage, as `du -B1`). */
  allocatedBytes: number;
  files: number;
  /** Apparent bytes by age of last modification. */
  ageBytes: Record<(typeof AGE_BUCKETS)[number], number>;
}

export interface QuotaAggregates {
  version: typeof AGGREGATES_VERSION;
  finishedAtSeconds: number;
  scanDurationSeconds: number;
  partial: boolean;
  /** Null when the report has no usable quota table (quotas not enabled, probe failed). */
  quota: {
    usedBytesByProfile: Record<Profile, number>;
    limitBytesByProfile: Record<Profile, number>;
    usersByStatus: Record<QuotaStatus, number>;
  } | null;
  /** Null when the report has no spaces section. Kinds absent from the report are absent here. */
  spaces: Partial<Record<SpaceKind, SpaceKindAggregate>> | null;
  /** Largest quota users first, at most {@link MAX_STORED_TOP_USERS}. */
  topUsers: Array<{ login: string; profile: Profile; usedBytes: number }>;
  /** Each probe of the report, with its failure streak (probe-aggregates.ts). */
  probes: ProbeAggregate[];
}

const zeroByProfile = (): Record<Profile, number> => ({ eleve: 0, enseignant: 0, administratif: 0, autre: 0 });

/**
 * The aggregates of one report (pure). A user without a profile counts as `autre`. `previousProbes` are the
 * probe aggregates of the report it replaces as latest, to continue failure streaks.
 */
export function aggregateReport(report: Report, previousProbes: readonly ProbeAggregate[] = []): QuotaAggregates {
  const finishedMs = Date.parse(report.finishedAt);
  const startedMs = Date.parse(report.startedAt);
  return {
    version: AGGREGATES_VERSION,
    finishedAtSeconds: finishedMs / 1000,
    scanDurationSeconds: Math.max(0, finishedMs - startedMs) / 1000,
    partial: isPartial(report),
    quota: aggregateQuota(report),
    spaces: aggregateSpaces(report),
    topUsers: topUsers(report),
    probes: aggregateProbes(report, previousProbes),
  };
}

function aggregateQuota(report: Report): QuotaAggregates['quota'] {
  if (report.quota?.status !== 'ok') return null;
  const used = zeroByProfile();
  const limit = zeroByProfile();
  const byStatus: Record<QuotaStatus, number> = { ok: 0, over_soft: 0, over_hard: 0 };
  for (const q of mergeQuotaUsers(report).values()) {
    const profile = q.profile ?? 'autre';
    used[profile] += q.usedBytes;
    limit[profile] += q.limitBytes ?? 0;
    byStatus[q.status] += 1;
  }
  return { usedBytesByProfile: used, limitBytesByProfile: limit, usersByStatus: byStatus };
}

function aggregateSpaces(report: Report): QuotaAggregates['spaces'] {
  if (report.spaces === undefined) return null;
  const byKind: Partial<Record<SpaceKind, SpaceKindAggregate>> = {};
  for (const s of report.spaces.spaces) {
    const agg = byKind[s.kind] ?? { allocatedBytes: 0, files: 0, ageBytes: { lt1y: 0, y1to3: 0, gt3y: 0 } };
    agg.allocatedBytes += s.allocatedBytes;
    agg.files += s.files;
    for (const age of AGE_BUCKETS) agg.ageBytes[age] += s.ageBytes[age];
    byKind[s.kind] = agg;
  }
  return byKind;
}

function topUsers(report: Report): QuotaAggregates['topUsers'] {
  return [...mergeQuotaUsers(report).entries()]
    .map(([login, q]) => ({ login, profile: q.profile ?? 'autre', usedBytes: q.usedBytes }))
    .sort((a, b) => b.usedBytes - a.usedBytes || (a.login < b.login ? -1 : a.login > b.login ? 1 : 0))
    .slice(0, MAX_STORED_TOP_USERS);
}

/** True when `value` looks like aggregates of the current version (stored JSON may be older). */
export function isCurrentAggregates(value: unknown): value is QuotaAggregates {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === AGGREGATES_VERSION;
}
