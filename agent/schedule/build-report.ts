// One scan → one `report` message: profiles (getent), quotas (repquota) and spaces (walker) run side by side,
// each probe's success is recorded in `probes`, and a failing probe never prevents the others from reporting.
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../shared/clock.ts';
import { isAppError } from '../../shared/errors.ts';
import { SCHEMA_VERSION, type ServerIdentity } from '../../shared/protocol/common.ts';
import type { QuotaSection } from '../../shared/protocol/quota-section.ts';
import type { ProbeStatus, Report } from '../../shared/protocol/report.ts';
import type { SpacesSection } from '../../shared/protocol/spaces-section.ts';
import type { UserDirectory } from '../probes/profiles/profile-map.ts';
import type { ProfileProbe } from '../probes/profiles/profile-probe.ts';
import type { QuotaProbe } from '../probes/quota/quota-probe.ts';
import type { SpacesProbe } from '../probes/spaces/spaces-probe.ts';

export interface ReportLogger {
  warn(obj: object, msg: string): void;
}

export interface BuildReportDeps {
  server: ServerIdentity;
  agentVersion: string;
  clock: Clock;
  /** Message ids (crypto.randomUUID in production). */
  newId: () => string;
  profiles?: ProfileProbe;
  quota?: QuotaProbe;
  spaces?: SpacesProbe;
  /** Time budget of the walk, ms. */
  budgetMs: number;
  signal?: AbortSignal;
  logger?: ReportLogger;
}

interface Timed<T> {
  value: T | undefined;
  status: ProbeStatus;
}

async function timed<T>(probe: string, run: () => Promise<T>, isOk: (v: T) => boolean = () => true): Promise<Timed<T>> {
  const t0 = performance.now();
  try {
    const value = await run();
    const status: ProbeStatus = { probe, ok: isOk(value), durationMs: Math.round(performance.now() - t0) };
    return { value, status };
  } catch (err) {
    const status: ProbeStatus = {
      probe, ok: false, durationMs: Math.round(performance.now() - t0),
      errorCode: isAppError(err) ? err.code : 'ERR_PROBE_FAILED',
      errorMessage: (err instanceof Error ? err.message : String(err)).slice(0, 500),
    };
    return { value: undefined, status };
  }
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
  const now = startedAt;
  const [profiles, quota, spaces] = await Promise.all([
    deps.profiles ? timed('profiles', () => (deps.profiles as ProfileProbe).collect()) : undefined,
    deps.quota ? timed('quota', () => (deps.quota as QuotaProbe).collect(), (q) => q.status !== 'error') : undefined,
    deps.spaces
      ? timed('spaces', () =>
          (deps.spaces as SpacesProbe).collect({ now, budgetMs: deps.budgetMs, ...(deps.signal ? { signal: deps.signal } : {}) }),
        )
      : undefined,
  ]);
  const directory = profiles?.value;
  const probes: ProbeStatus[] = [];
  for (const p of [profiles, quota, spaces]) {
    if (p === undefined) continue;
    if (p.status.probe === 'quota' && quota?.value?.status === 'error') {
      p.status.errorCode = 'ERR_QUOTA_PROBE';
      p.status.errorMessage = (quota.value.error ?? '').slice(0, 500);
    }
    if (!p.status.ok) deps.logger?.warn({ probe: p.status.probe, code: p.status.errorCode, error: p.status.errorMessage }, 'probe failed');
    probes.push(p.status);
  }
  const finishedAt = deps.clock.now();
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    messageId: deps.newId(),
    sentAt: finishedAt.toISOString(),
    server: deps.server,
    agentVersion: deps.agentVersion,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    probes,
  };
  if (quota?.value !== undefined) report.quota = labelQuota(quota.value, directory);
  if (spaces?.value !== undefined) report.spaces = labelSpaces(spaces.value, directory);
  return report;
}
