// scribe_probe_* from the stored reports: success and duration of the latest, failure streaks across reports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { buildReport } from '../../../helpers/report-builder.ts';
import type { Report } from '../../../../shared/protocol/index.ts';

let t: TestApp;
let token: string;

beforeEach(async () => {
  t = await buildTestApp();
  token = t.enrol('0860021F', 'scribe');
});
afterEach(async () => t.close());

const push = async (report: Report): Promise<void> => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/report',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify(report),
  });
  expect(res.statusCode).toBeLessThan(300);
};

async function series(name: string): Promise<string[]> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  return res.body.split('\n').filter((l) => l.startsWith(`${name}{`));
}

const night = (day: number, quotaStatus: 'ok' | 'error') =>
  buildReport({ finishedAt: `2025-07-${String(day).padStart(2, '0')}T02:30:00.000Z`, quotaStatus, scanDurationMs: 60_000 });
const id = 'uai="0860021F",server="scribe"';

describe('probe metrics', () => {
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
    expect(JSON.parse((t.store.db.prepare('SELECT aggregates_json AS a FROM report_latest').get() as { a: string }).a).probes).toEqual([
      { probe: 'quota', ok: false, durationSeconds: 0.12, consecutiveFailures: 2 },
      { probe: 'spaces', ok: true, durationSeconds: 60, consecutiveFailures: 0 },
    ]);
  });
});
