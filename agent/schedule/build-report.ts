// One scan → one `report` message: the probes (profiles = getent, quota = repquota, spaces = walker) run side by
// side through runProbe (probes/probe.ts), each one's result is recorded in `probes`, and a failing probe never
// prevents the others from reporting. The account directory from `profiles` then labels the other sections.
import type { Clock } from '../../shared/clock.ts';
import { SCHEMA_VERSION, type ServerIdentity } from '../../shared/protocol/common.ts';
import type { QuotaSection } from '../../shared/protocol/quota-section.ts';
import type { Report } from '../../shared/protocol/report.ts';
import type { SpacesSection } from '../../shared/protocol/spaces-section.ts';
import { runProbe, toProbeStatus, type Probe, type ProbeContext, type ProbeName, type ProbeResult } from '../probes/probe.ts';
import type { UserDirectory } from '../probes/profiles/profile-map.ts';

export interface ReportLogger {
  warn(obj: object, msg: string): void;
}

/** What each probe answers, by name. */
export interface ProbeValues {
  profiles: UserDirectory;
  quota: QuotaSection;
  spaces: SpacesSection;
}

/** A probe of the report: its name says what its value is. */
export type ReportProbe = { [K in ProbeName]: Probe<ProbeValues[K], K> }[ProbeName];

export interface BuildReportDeps {
  server: ServerIdentity;
  agentVersion: string;
  clock: Clock;
  /** Message ids (crypto.randomUUID in production). */
  newId: () => string;
  /** The probes to run, in the order of the report's `probes`. */
  probes: readonly ReportProbe[];
  /** Time budget of the probes (the walk), ms. */
  budgetMs: number;
  signal?: AbortSignal;
  logger?: ReportLogger;
}

/** The value a named probe answered (undefined when it did not run or threw). */
function valueOf<K extends ProbeName>(results: ReadonlyArray<ProbeResult<unknown>>, name: K): ProbeValues[K] | undefined {
  // ReportProbe ties each name to its value type, so the value of the result named K is a ProbeValues[K].
  return results.find((r) => r.probe === name)?.value as ProbeValues[K] | undefined;
}

/** Fills logins for `#uid` rows, uids for named rows, and profiles, from the account directory. */
export function labelQuota(section: QuotaSection, dir: UserDirectory | undefined): QuotaSection {
  if (dir === undefined) return section;
  for (const fs of section.filesystems) {
    for (const u of fs.users) {
      if (u.uid !== undefined && u.login.startsWith('#')) u.login = dir.loginByUid.get(u.uid) ?? u.login;
      if (u.uid === undefined) {
        const uid = dir.uidByLogin.get(u.login);
        if (uid !== undefined) u.uid = uid;
      }
      const profile = dir.profiles.get(u.login);
      if (profile !== undefined) u.profile = profile;
    }
  }
  return section;
}

/** Puts the owner's profile on each perso and mailbox. */
export function labelSpaces(section: SpacesSection, dir: UserDirectory | undefined): SpacesSection {
  if (dir === undefined) return section;
  for (const s of section.spaces) {
    if (s.kind !== 'perso' && s.kind !== 'mail') continue;
    const profile = dir.profiles.get(s.name);
    if (profile !== undefined) s.profile = profile;
  }
  return section;
}

/** Runs the probes once and assembles the Report (schema `Report`, shared/protocol/report.ts). */
export async function buildReport(deps: BuildReportDeps): Promise<Report> {
  const startedAt = deps.clock.now();
  const ctx: ProbeContext = { now: startedAt, budgetMs: deps.budgetMs, signal: deps.signal ?? new AbortController().signal };
  const results = await Promise.all(deps.probes.map((p) => runProbe<unknown>(p as Probe<unknown>, ctx)));
  for (const r of results) {
    if (!r.ok) deps.logger?.warn({ probe: r.probe, code: r.errorCode, error: r.errorMessage }, 'probe failed');
  }
  const directory = valueOf(results, 'profiles');
  const quota = valueOf(results, 'quota');
  const spaces = valueOf(results, 'spaces');
  const finishedAt = deps.clock.now();
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    messageId: deps.newId(),
    sentAt: finishedAt.toISOString(),
    server: deps.server,
    agentVersion: deps.agentVersion,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    probes: results.map(toProbeStatus),
  };
  if (quota !== undefined) report.quota = labelQuota(quota, directory);
  if (spaces !== undefined) report.spaces = labelSpaces(spaces, directory);
  return report;
}
