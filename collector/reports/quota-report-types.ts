// The model of « Rapport quotas — préparation migration KoXo »: what every renderer (CSV, JSON, HTML) shows.
import type { Profile, Report, SpaceKind } from '../../shared/protocol/index.ts';
import type { SpaceTypeBytes } from './space-types.ts';

export const QUOTA_REPORT_TITLE = 'Rapport quotas — préparation migration KoXo';

/**
 * A user's quota state in the report. `not_measured`: the user has a perso space but no quota line
 * (quotas not enabled on the server, or the quota probe failed).
 */
export type UserQuotaStatus = 'over_hard' | 'over_soft' | 'ok' | 'not_measured';

/** One stored report of a server, as the builder receives it. */
export interface ServerReportInput {
  uai: string;
  /** Machine name (the `server` label). */
  server: string;
  /** School name from the enrolment, when known. */
  schoolName?: string | undefined;
  report: Report;
  /** The earlier snapshot growth is measured from (absent: no growth figures for this server). */
  baseline?: { day: string; report: Report } | undefined;
}

export interface BuildQuotaReportInput {
  /** One school, or `null` for the whole fleet. */
  uai: string | null;
  generatedAt: Date;
  /** The requested baseline day (`YYYY-MM-DD`), or null when no growth was asked for. */
  since: string | null;
  /** Any order; may be a lazy iterable (each report is dropped once its lines are built). */
  servers: Iterable<ServerReportInput>;
  /** How many spaces the "largest spaces" table lists (default 20). */
  largestSpacesLimit?: number;
}

/** One server covered by the report and how fresh and complete its figures are. */
export interface ServerSummary {
  uai: string;
  server: string;
  schoolName: string | null;
  reportFinishedAt: string;
  /** The scan hit its time budget: space figures are lower bounds. */
  partial: boolean;
  quotaStatus: 'ok' | 'not_enabled' | 'error' | 'absent';
  /** Day of the snapshot growth is measured from, or null. */
  baselineDay: string | null;
}

/** One user line (per server). Byte figures are null when not measured. */
export interface UserRow {
  uai: string;
  server: string;
  login: string;
  profile: Profile | null;
  quotaUsedBytes: number | null;
  /** Soft limit (else hard), null when the user has no limit. */
  quotaLimitBytes: number | null;
  /** used / limit, as a ratio (1 = 100 %), null without a limit. */
  quotaUsedRatio: number | null;
  persoBytes: number | null;
  persoFiles: number | null;
  /** Share of the perso's apparent bytes last modified more than 3 years ago (0..1). */
  persoOlderThan3yRatio: number | null;
  status: UserQuotaStatus;
  graceEndsAt: string | null;
  /** Quota usage change since the baseline snapshot (a user absent then counts from 0). */
  quotaGrowthBytes: number | null;
  persoGrowthBytes: number | null;
}

/** One of the largest spaces. */
export interface SpaceRow {
  uai: string;
  server: string;
  kind: SpaceKind;
  name: string;
  path: string;
  apparentBytes: number;
  allocatedBytes: number;
  files: number;
  olderThan3yRatio: number | null;
  truncated: boolean;
  growthBytes: number | null;
}

/** Volumes of one school (all its servers), or of the fleet. */
export interface Totals {
  servers: number;
  users: number;
  usersOverHard: number;
  usersOverSoft: number;
  emptyPersos: number;
  quotaUsedBytes: number;
  /** Apparent bytes of all perso spaces (what users hold in U:). */
  persoBytes: number;
  /** Apparent bytes of shares (class, option, commun, …) to migrate. */
  sharesBytes: number;
  /** Apparent bytes not migrated: mailboxes and the `recyclage` folder. */
  excludedBytes: number;
  /** persoBytes + sharesBytes, without nested excluded folders: the volume to move to KoXo. */
  toMigrateBytes: number;
  /** Part of toMigrateBytes last modified more than 3 years ago (cleaning candidates). */
  olderThan3yBytes: number;
  /** Growth of toMigrateBytes since the baseline, over the servers that have one; null if none has. */
  toMigrateGrowthBytes: number | null;
  quotaUsedGrowthBytes: number | null;
}

export interface SchoolTotals extends Totals {
  uai: string;
  schoolName: string | null;
}

export interface QuotaReport {
  title: typeof QUOTA_REPORT_TITLE;
  /** The school, or null for the fleet. */
  uai: string | null;
  generatedAt: string;
  since: string | null;
  servers: ServerSummary[];
  schools: SchoolTotals[];
  fleet: Totals;
  /** Over hard, then over soft (in grace), then by quota used, largest first. */
  users: UserRow[];
  largestSpaces: SpaceRow[];
  /** Apparent bytes of the scope per type of space (perso, classes, other shares, recyclage, mail), for the chart. */
  spaceTypes: SpaceTypeBytes;
}
