// Per-user lines of the quota report: quota table lines merged with the user's perso space.
import type { Profile, QuotaStatus, Report, Space } from '../../shared/protocol/index.ts';
import type { UserQuotaStatus, UserRow } from './quota-report-types.ts';

/** A user's quota summed over the server's quota filesystems (Scribe has one: /home). */
export interface MergedQuota {
  profile: Profile | null;
  usedBytes: number;
  limitBytes: number | null;
  status: QuotaStatus;
  graceEndsAt: string | null;
}

const STATUS_RANK: Record<UserQuotaStatus, number> = { over_hard: 0, over_soft: 1, ok: 2, not_measured: 2 };

/** Login → quota, merged over filesystems (used and limits add up; the worst status wins). */
export function mergeQuotaUsers(report: Report): Map<string, MergedQuota> {
  const merged = new Map<string, MergedQuota>();
  if (report.quota?.status !== 'ok') return merged;
  for (const fs of report.quota.filesystems) {
    for (const u of fs.users) {
      const limit = u.softLimitBytes ?? u.hardLimitBytes;
      const prev = merged.get(u.login);
      if (prev === undefined) {
        merged.set(u.login, {
          profile: u.profile ?? null,
          usedBytes: u.usedBytes,
          limitBytes: limit,
          status: u.status,
          graceEndsAt: u.graceEndsAt ?? null,
        });
        continue;
      }
      prev.usedBytes += u.usedBytes;
      prev.limitBytes = limit === null ? prev.limitBytes : (prev.limitBytes ?? 0) + limit;
      if (STATUS_RANK[u.status] < STATUS_RANK[prev.status]) prev.status = u.status;
      const grace = u.graceEndsAt ?? null;
      if (grace !== null && (prev.graceEndsAt === null || grace < prev.graceEndsAt)) prev.graceEndsAt = grace;
      prev.profile ??= u.profile ?? null;
    }
  }
  return merged;
}

/** Login → perso space (the first one if a login has several). */
export function persoByLogin(report: Report): Map<string, Space> {
  const persos = new Map<string, Space>();
  for (const s of report.spaces?.spaces ?? []) {
    if (s.kind === 'perso' && !persos.has(s.name)) persos.set(s.name, s);
  }
  return persos;
}

/** The user lines of one server, growth measured against `baseline` when given. */
export function buildUserRows(uai: string, server: string, report: Report, baseline: Report | undefined): UserRow[] {
  const quotas = mergeQuotaUsers(report);
  const persos = persoByLogin(report);
  const baseQuotas = baseline === undefined ? undefined : mergeQuotaUsers(baseline);
  const basePersos = baseline === undefined ? undefined : persoByLogin(baseline);
  const logins = new Set<string>([...quotas.keys(), ...persos.keys()]);
  const rows: UserRow[] = [];
  for (const login of logins) {
    const q = quotas.get(login);
    const p = persos.get(login);
    const ageTotal = p === undefined ? 0 : p.ageBytes.lt1y + p.ageBytes.y1to3 + p.ageBytes.gt3y;
    rows.push({
      uai,
      server,
      login,
      profile: q?.profile ?? p?.profile ?? null,
      quotaUsedBytes: q?.usedBytes ?? null,
      quotaLimitBytes: q?.limitBytes ?? null,
      quotaUsedRatio: q !== undefined && q.limitBytes !== null && q.limitBytes > 0 ? q.usedBytes / q.limitBytes : null,
      persoBytes: p?.apparentBytes ?? null,
      persoFiles: p?.files ?? null,
      persoOlderThan3yRatio: p === undefined || ageTotal === 0 ? null : p.ageBytes.gt3y / ageTotal,
      status: q?.status ?? 'not_measured',
      graceEndsAt: q?.status === 'over_soft' ? q.graceEndsAt : null,
      quotaGrowthBytes: q === undefined || baseQuotas === undefined || baseline?.quota?.status !== 'ok'
        ? null
        : q.usedBytes - (baseQuotas.get(login)?.usedBytes ?? 0),
      persoGrowthBytes: p === undefined || basePersos === undefined ? null : p.apparentBytes - (basePersos.get(login)?.apparentBytes ?? 0),
    });
  }
  return rows;
}

/** Over hard first, then over soft (in grace), then by quota used and perso size, largest first. */
export function compareUserRows(a: UserRow, b: UserRow): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    (b.quotaUsedBytes ?? -1) - (a.quotaUsedBytes ?? -1) ||
    (b.persoBytes ?? -1) - (a.persoBytes ?? -1) ||
    compareText(a.uai, b.uai) ||
    compareText(a.server, b.server) ||
    compareText(a.login, b.login)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
