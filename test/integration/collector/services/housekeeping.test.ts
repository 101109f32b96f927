import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { housekeepOnce, RECEIVED_IDS_RETENTION_MS } from '../../../../collector/services/housekeeping.ts';
import { anEvent, ALPHA } from '../../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { buildReport } from '../../../helpers/report-builder.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => t.close());

describe('housekeepOnce', () => {
  it('forgets event ids after the retention, and keeps recent ones for duplicate detection', async () => {
    const token = await t.enrol(ALPHA.uai, ALPHA.machine);
    const post = (body: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/event', headers: { authorization: `Bearer ${token}` }, payload: body as object });
    const old = anEvent();
    expect((await post(old)).json().status).toBe('accepted');
    t.clock.advance(RECEIVED_IDS_RETENTION_MS - 1000);
    const recent = anEvent();
    await post(recent);
    t.clock.advance(2000);
    expect(await housekeepOnce(t.store, t.clock.now(), { snapshotRetentionDays: 400 })).toBe(1);
    expect((await post(recent)).json().status).toBe('duplicate');
  });

  it('keeps report ids as long as report snapshots live, then forgets them', async () => {
    const token = await t.enrol(ALPHA.uai, ALPHA.machine);
    const report = buildReport({ finishedAt: t.clock.now().toISOString() });
    const push = () =>
      t.app.inject({ method: 'POST', url: '/api/v1/report', headers: { authorization: `Bearer ${token}` }, payload: report as object });
    expect((await push()).json().status).toBe('accepted');
    t.clock.advance(RECEIVED_IDS_RETENTION_MS + 1000);
    expect(await housekeepOnce(t.store, t.clock.now(), { snapshotRetentionDays: 60 })).toBe(0);
    expect((await push()).json().status).toBe('duplicate');
    t.clock.advance(31 * 86_400_000);
    expect(await housekeepOnce(t.store, t.clock.now(), { snapshotRetentionDays: 60 })).toBe(1);
  });
});
