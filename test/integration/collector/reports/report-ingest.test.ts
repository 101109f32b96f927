import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { buildReport } from '../../../helpers/report-builder.ts';
import type { Report } from '../../../../shared/protocol/index.ts';
import { housekeepOnce } from '../../../../collector/services/housekeeping.ts';

let t: TestApp;
let token: string;
let serverId: number;

beforeEach(async () => {
  t = await buildTestApp();
  token = await t.enrol('0860021F', 'scribe');
  serverId = (await t.store.servers.findByIdentity('0860021F', 'scribe'))!.id;
});
afterEach(async () => t.close());

const push = (report: Report) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/report',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify(report),
  });

describe('POST /api/v1/report (storage)', () => {
  it('stores the report as the latest and as the snapshot of its Paris day', async () => {
    // Arrange: 23:30 UTC on 9 July is 01:30 on 10 July in Paris
    t.clock.set('2025-07-09T23:40:00Z');
    const report = buildReport({ finishedAt: '2025-07-09T23:30:00.000Z' });
    // Act
    const res = await push(report);
    // Assert
    expect(res.json()).toEqual({ status: 'accepted' });
    expect((await t.store.reports.getLatest(serverId))?.report).toEqual(report);
    expect(await t.store.reports.listSnapshotDays(serverId)).toEqual(['2025-07-10']);
  });

  it('answers duplicate to a resend and changes nothing, even after a housekeeping pass', async () => {
    t.clock.set('2025-07-10T03:00:00Z');
    const first = buildReport({ finishedAt: '2025-07-10T02:30:00.000Z' });
    await push(first);
    t.clock.set('2025-07-12T03:00:00Z');
    const second = buildReport({ finishedAt: '2025-07-12T02:30:00.000Z' });
    await push(second);
    await housekeepOnce(t.store, t.clock.now(), { snapshotRetentionDays: 400 });
    const again = await push(first);
    expect(again.json()).toEqual({ status: 'duplicate' });
    expect((await t.store.reports.getLatest(serverId))?.messageId).toBe(second.messageId);
    expect(await t.store.reports.listSnapshotDays(serverId)).toEqual(['2025-07-10', '2025-07-12']);
  });

  it('keeps the newest as latest when a spooled older report arrives late, and files it under its own day', async () => {
    t.clock.set('2025-07-12T03:00:00Z');
    const newest = buildReport({ finishedAt: '2025-07-12T02:30:00.000Z' });
    await push(newest);
    const spooled = buildReport({ finishedAt: '2025-07-11T02:30:00.000Z' });
    expect((await push(spooled)).json()).toEqual({ status: 'accepted' });
    expect((await t.store.reports.getLatest(serverId))?.messageId).toBe(newest.messageId);
    expect(await t.store.reports.listSnapshotDays(serverId)).toEqual(['2025-07-11', '2025-07-12']);
    expect((await t.store.reports.findBaseline(serverId, '2025-07-11'))?.messageId).toBe(spooled.messageId);
  });

  it('keeps the last report of a day as that day\'s snapshot', async () => {
    t.clock.set('2025-07-10T18:00:00Z');
    const night = buildReport({ finishedAt: '2025-07-10T02:30:00.000Z' });
    const rerun = buildReport({ finishedAt: '2025-07-10T17:00:00.000Z' });
    await push(rerun);
    await push(night);
    expect((await t.store.reports.findBaseline(serverId, '2025-07-10'))?.messageId).toBe(rerun.messageId);
  });

  it('does not let an agent clock in the future pin an old report as the latest', async () => {
    t.clock.set('2025-07-10T03:00:00Z');
    const skewed = buildReport({ finishedAt: '2030-01-01T00:00:00.000Z' });
    await push(skewed);
    t.clock.set('2025-07-11T03:00:00Z');
    const next = buildReport({ finishedAt: '2025-07-11T02:30:00.000Z' });
    await push(next);
    expect((await t.store.reports.getLatest(serverId))?.messageId).toBe(next.messageId);
    expect(await t.store.reports.listSnapshotDays(serverId)).toEqual(['2025-07-10', '2025-07-11']);
  });

  it('prunes snapshots past the retention window but never the latest', async () => {
    t.clock.set('2025-07-10T03:00:00Z');
    const old = buildReport({ finishedAt: '2025-07-10T02:30:00.000Z' });
    await push(old);
    t.clock.set('2025-07-11T03:00:00Z');
    await push(buildReport({ finishedAt: '2025-07-11T02:30:00.000Z' }));
    // 400 days after 11 July 2025 is 15 August 2026: the 10 July snapshot goes, 11 July stays (boundary)
    t.clock.set('2026-08-15T03:00:00Z');
    const late = buildReport({ finishedAt: '2024-01-01T00:00:00.000Z' });
    await push(late);
    expect(await t.store.reports.listSnapshotDays(serverId)).toEqual(['2025-07-11']);
    expect((await t.store.reports.getLatest(serverId))?.finishedAtMs).toBe(Date.parse('2025-07-11T02:30:00.000Z'));
  });

  it('honours a configured retention', async () => {
    await t.close();
    t = await buildTestApp({ VIGIE_COLLECTOR_REPORTS_RETENTION_DAYS: '2' });
    token = await t.enrol('0860021F', 'scribe');
    serverId = (await t.store.servers.findByIdentity('0860021F', 'scribe'))!.id;
    for (const day of ['07', '08', '09', '10']) {
      t.clock.set(`2025-07-${day}T03:00:00Z`);
      await push(buildReport({ finishedAt: `2025-07-${day}T02:30:00.000Z` }));
    }
    expect(await t.store.reports.listSnapshotDays(serverId)).toEqual(['2025-07-08', '2025-07-09', '2025-07-10']);
  });

  it('rejects a report for another server without storing it', async () => {
    const res = await push(buildReport({ uai: '0170001J' }));
    expect(res.statusCode).toBe(403);
    expect(await t.store.reports.getLatest(serverId)).toBeUndefined();
  });
});
