import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerQuotaMetrics } from '../../../../collector/metrics/quota-metrics.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { buildReport, quotaUser, space } from '../../../helpers/report-builder.ts';
import type { Report } from '../../../../shared/protocol/index.ts';

const MIB = 1024 * 1024;
let t: TestApp;
let token: string;

beforeEach(async () => {
  t = await buildTestApp();
  token = await t.enrol('0860021F', 'scribe');
});
afterEach(async () => t.close());

const push = (report: Report, bearer = token) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/report',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    payload: JSON.stringify(report),
  });

async function series(prefix: string): Promise<string[]> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  return res.body.split('\n').filter((l) => l.startsWith(`${prefix}{`));
}

describe('quota metrics from the latest report', () => {
  it('exposes per-server aggregates with uai and server labels', async () => {
    // Arrange / Act
    await push(buildReport({ finishedAt: '2025-07-10T02:30:00.000Z', scanDurationMs: 90_000 }));
    // Assert
    const id = 'uai="0860021F",server="scribe"';
    expect(await series('scribe_report_timestamp_seconds')).toEqual([`scribe_report_timestamp_seconds{${id}} ${Date.parse('2025-07-10T02:30:00Z') / 1000}`]);
    expect(await series('scribe_scan_duration_seconds')).toEqual([`scribe_scan_duration_seconds{${id}} 90`]);
    expect(await series('scribe_scan_partial')).toEqual([`scribe_scan_partial{${id}} 0`]);
    expect(await series('scribe_quota_used_bytes')).toContain(`scribe_quota_used_bytes{${id},profile="eleve"} ${(60 + 210 + 200) * MIB}`);
    expect(await series('scribe_quota_used_bytes')).toContain(`scribe_quota_used_bytes{${id},profile="enseignant"} ${1500 * MIB}`);
    expect(await series('scribe_quota_limit_bytes')).toContain(`scribe_quota_limit_bytes{${id},profile="eleve"} ${600 * MIB}`);
    expect(await series('scribe_quota_users')).toEqual([
      `scribe_quota_users{${id},status="ok"} 2`,
      `scribe_quota_users{${id},status="over_soft"} 1`,
      `scribe_quota_users{${id},status="over_hard"} 1`,
    ]);
    expect(await series('scribe_space_bytes')).toContain(`scribe_space_bytes{${id},kind="perso"} ${(50 + 190 + 180 + 1200) * MIB}`);
    expect(await series('scribe_space_files')).toContain(`scribe_space_files{${id},kind="commun"} 50`);
    expect(await series('scribe_space_age_bytes')).toContain(`scribe_space_age_bytes{${id},kind="commun",age="y1to3"} ${400 * MIB}`);
    expect(await series('scribe_quota_top_user_used_bytes')).toEqual([
      `scribe_quota_top_user_used_bytes{${id},login="prof.durand",profile="enseignant"} ${1500 * MIB}`,
      `scribe_quota_top_user_used_bytes{${id},login="bmartin",profile="eleve"} ${210 * MIB}`,
      `scribe_quota_top_user_used_bytes{${id},login="cpetit",profile="eleve"} ${200 * MIB}`,
      `scribe_quota_top_user_used_bytes{${id},login="aduval",profile="eleve"} ${60 * MIB}`,
    ]);
  });

  it('follows the latest report, flags a partial scan and drops quota series when quotas are off', async () => {
    t.clock.set('2025-07-11T03:00:00Z');
    await push(buildReport({ finishedAt: '2025-07-10T02:30:00.000Z' }));
    await push(buildReport({ finishedAt: '2025-07-11T02:30:00.000Z', quotaStatus: 'not_enabled', partial: true }));
    expect(await series('scribe_scan_partial')).toEqual(['scribe_scan_partial{uai="0860021F",server="scribe"} 1']);
    expect(await series('scribe_quota_users')).toEqual([]);
    expect(await series('scribe_quota_top_user_used_bytes')).toEqual([]);
    expect((await series('scribe_space_bytes')).length).toBeGreaterThan(0);
  });

  it('caps the top users at 10 per server by default, one series set per server', async () => {
    const many = Array.from({ length: 25 }, (_, i) => quotaUser(`u${String(i).padStart(2, '0')}`, { usedMiB: i + 1 }));
    await push(buildReport({ users: many, spaces: [space('perso', 'u00')] }));
    const other = await t.enrol('0170001J', 'scribe');
    await push(buildReport({ uai: '0170001J', users: many.slice(0, 3) }), other);
    const top = await series('scribe_quota_top_user_used_bytes');
    const school = top.filter((l) => l.includes('0860021F'));
    expect(school).toHaveLength(10);
    expect(school[0]).toContain('login="u24"');
    expect(school[9]).toContain('login="u15"');
    expect(top.filter((l) => l.includes('0170001J'))).toHaveLength(3);
  });

  it.each([
    { topUsers: 0, expected: 0 },
    { topUsers: 2, expected: 2 },
  ])('exposes $expected top users when configured to $topUsers', async ({ topUsers, expected }) => {
    await push(buildReport());
    const registry = new Registry();
    registerQuotaMetrics(registry, { store: t.store, topUsersPerServer: topUsers });
    const text = await registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('scribe_quota_top_user_used_bytes{'))).toHaveLength(expected);
    expect(text).toContain('scribe_quota_users{uai="0860021F",server="scribe",status="ok"} 2');
  });

  it('recomputes aggregates stored by an older collector version', async () => {
    await push(buildReport());
    t.db.prepare("UPDATE report_latest SET aggregates_json = '{\"version\":0}'").run();
    expect(await series('scribe_scan_duration_seconds')).toEqual(['scribe_scan_duration_seconds{uai="0860021F",server="scribe"} 90']);
    expect(JSON.parse((t.db.prepare('SELECT aggregates_json AS a FROM report_latest').get() as { a: string }).a)).toMatchObject({ version: 2 });
  });

  it('shows nothing for a server that has not reported, nor for a retired one', async () => {
    expect(await series('scribe_report_timestamp_seconds')).toEqual([]);
    await push(buildReport());
    await t.store.servers.retire((await t.store.servers.findByIdentity('0860021F', 'scribe'))!.id, 0);
    expect(await series('scribe_report_timestamp_seconds')).toEqual([]);
  });
});

const night = (day: number, quotaStatus: 'ok' | 'error') =>
  buildReport({ finishedAt: `2025-07-${String(day).padStart(2, '0')}T02:30:00.000Z`, quotaStatus, scanDurationMs: 60_000 });
const id = 'uai="0860021F",server="scribe"';

// scribe_probe_*: success and duration of the latest report's probes, failure streaks across reports.
describe('probe metrics from the stored reports', () => {
  it('exposes success and duration of each probe of the latest report', async () => {
    await push(night(10, 'error'));
    expect(await series('scribe_probe_success')).toEqual([`scribe_probe_success{${id},probe="quota"} 0`, `scribe_probe_success{${id},probe="spaces"} 1`]);
    expect(await series('scribe_probe_duration_seconds')).toEqual([
      `scribe_probe_duration_seconds{${id},probe="quota"} 0.12`,
      `scribe_probe_duration_seconds{${id},probe="spaces"} 60`,
    ]);
  });

  it('counts failures in a row over the nightly reports, and a success resets the count', async () => {
    const quotaStreak = async () => (await series('scribe_probe_consecutive_failures')).find((l) => l.includes('probe="quota"'));
    await push(night(10, 'error'));
    expect(await quotaStreak()).toBe(`scribe_probe_consecutive_failures{${id},probe="quota"} 1`);
    await push(night(11, 'error'));
    expect(await quotaStreak()).toBe(`scribe_probe_consecutive_failures{${id},probe="quota"} 2`);
    await push(night(9, 'error')); // a late resend of an older night: not the latest, the streak does not move
    expect(await quotaStreak()).toBe(`scribe_probe_consecutive_failures{${id},probe="quota"} 2`);
    await push(night(12, 'ok'));
    expect(await quotaStreak()).toBe(`scribe_probe_consecutive_failures{${id},probe="quota"} 0`);
  });

  it('stores the streak with the latest report aggregates, which a restarted collector reads back', async () => {
    await push(night(10, 'error'));
    await push(night(11, 'error'));
    expect(await series('scribe_probe_consecutive_failures')).toContain(`scribe_probe_consecutive_failures{${id},probe="quota"} 2`);
    expect(JSON.parse((t.db.prepare('SELECT aggregates_json AS a FROM report_latest').get() as { a: string }).a).probes).toEqual([
      { probe: 'quota', ok: false, durationSeconds: 0.12, consecutiveFailures: 2 },
      { probe: 'spaces', ok: true, durationSeconds: 60, consecutiveFailures: 0 },
    ]);
  });
});
