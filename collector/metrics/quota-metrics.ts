import type { Registry } from 'prom-client';
import type { Store } from '../storage/store.ts';
import { storedProbes } from './probe-aggregates.ts';
import { registerProbeGauges } from './probe-metrics.ts';
import { sharedCollect } from './shared-collect.ts';
import { TextFamily, labelPair } from './text-family.ts';
import { AGE_BUCKETS, PROFILES, QUOTA_STATUSES, aggregateReport, isCurrentAggregates, type QuotaAggregates } from './quota-aggregates.ts';

export interface QuotaMetricsDeps {
  readonly store: Store;
  /** Largest users exposed per server (0 disables scribe_quota_top_user_used_bytes). */
  readonly topUsersPerServer: number;
}

/**
 * Per-server quota and space aggregates from each server's latest report, filled from the store at scrape
 * time (never one series per user, except the capped top-N). A server without a report has no series here.
 */
export function registerQuotaMetrics(registry: Registry, deps: QuotaMetricsDeps): void {
  // Every gauge of this file is filled from one read of the store, shared by their collect() within a scrape
  // (prom-client collects them concurrently).
  const collect = sharedCollect(() => fill());
  // One series per server and profile, status, space kind, age, top user: TextFamily (see text-family.ts).
  const gauge = (name: string, help: string) => new TextFamily(name, help, 'gauge', collect, registry);
  const reportTs = gauge('scribe_report_timestamp_seconds', 'When the latest scan report of the server finished (Unix time, agent clock).');
  const scanDuration = gauge('scribe_scan_duration_seconds', 'Duration of the latest scan.');
  const scanPartial = gauge('scribe_scan_partial', '1 when the latest scan hit its time budget (space figures are lower bounds), else 0.');
  const used = gauge('scribe_quota_used_bytes', 'Bytes counted by user quotas, summed per profile (all quota filesystems).');
  const limit = gauge('scribe_quota_limit_bytes', 'User quota limits (soft, else hard) summed per profile; users without a limit add 0.');
  const users = gauge('scribe_quota_users', 'Users per quota status (ok, over_soft = in grace, over_hard).');
  const spaceBytes = gauge('scribe_space_bytes', 'Disk bytes allocated by the spaces of a kind (spaces can nest: commun_travail is inside commun).');
  const spaceFiles = gauge('scribe_space_files', 'Files in the spaces of a kind.');
  const spaceAge = gauge('scribe_space_age_bytes', 'Apparent bytes of the spaces of a kind by age of last modification (lt1y, y1to3, gt3y).');
  const topUser = gauge('scribe_quota_top_user_used_bytes', 'Quota usage of the largest users of the server (capped top-N).');
  const all = [reportTs, scanDuration, scanPartial, used, limit, users, spaceBytes, spaceFiles, spaceAge, topUser];
  const probes = registerProbeGauges(registry, collect);

  async function aggregatesOf(row: { serverId: number; aggregatesJson: string }): Promise<QuotaAggregates | undefined> {
    const parsed: unknown = JSON.parse(row.aggregatesJson);
    if (isCurrentAggregates(parsed)) return parsed;
    // Stored by an older version of the collector: recompute once from the stored report (keeping any streaks).
    const latest = await deps.store.reports.getLatest(row.serverId);
    if (latest === undefined) return undefined;
    const fresh = aggregateReport(latest.report, storedProbes(row.aggregatesJson));
    await deps.store.reports.updateAggregates(row.serverId, JSON.stringify(fresh));
    return fresh;
  }

  async function fill(): Promise<void> {
    // Read everything first, then reset and set without awaiting: a scrape never sees half-filled gauges.
    const read: { server: { uai: string; machine: string }; a: QuotaAggregates }[] = [];
    for (const row of await deps.store.reports.listLatestAggregates()) {
      const a = await aggregatesOf(row);
      if (a !== undefined) read.push({ server: row, a });
    }
    for (const m of all) m.reset();
    probes.reset();
    for (const { server, a } of read) {
      const id = `${labelPair('uai', server.uai)},${labelPair('server', server.machine)}`;
      reportTs.add(id, a.finishedAtSeconds);
      scanDuration.add(id, a.scanDurationSeconds);
      scanPartial.add(id, a.partial ? 1 : 0);
      probes.set(id, a.probes);
      if (a.quota !== null) {
        for (const profile of PROFILES) {
          used.add(`${id},${labelPair('profile', profile)}`, a.quota.usedBytesByProfile[profile]);
          limit.add(`${id},${labelPair('profile', profile)}`, a.quota.limitBytesByProfile[profile]);
        }
        for (const status of QUOTA_STATUSES) users.add(`${id},${labelPair('status', status)}`, a.quota.usersByStatus[status]);
      }
      for (const [kind, s] of Object.entries(a.spaces ?? {})) {
        const k = `${id},${labelPair('kind', kind)}`;
        spaceBytes.add(k, s.allocatedBytes);
        spaceFiles.add(k, s.files);
        for (const age of AGE_BUCKETS) spaceAge.add(`${k},${labelPair('age', age)}`, s.ageBytes[age]);
      }
      // Logins are unique in the stored top users (one entry per user).
      for (const u of a.topUsers.slice(0, deps.topUsersPerServer)) {
        topUser.add(`${id},${labelPair('login', u.login)},${labelPair('profile', u.profile)}`, u.usedBytes);
      }
    }
  }
}
