// The quota metrics exposition passes `promtool check metrics` (names, units, help, types).
import { spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerQuotaMetrics } from '../../../../collector/metrics/quota-metrics.ts';
import { ingestReport } from '../../../../collector/services/ingest-report.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { findBinary } from '../../../helpers/daemon-process.ts';
import { buildReport } from '../../../helpers/report-builder.ts';
import { has } from '../../../helpers/requirements.ts';

const promtool = findBinary('promtool');

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => t.close());

describe.skipIf(!has('promtool'))('quota metrics exposition', () => {
  it('passes promtool check metrics', async () => {
    // Arrange
    await t.enrol('0860021F', 'scribe');
    await ingestReport({ store: t.store, config: t.config }, (await t.store.servers.findByIdentity('0860021F', 'scribe'))!, buildReport(), t.clock.now());
    const registry = new Registry();
    registerQuotaMetrics(registry, { store: t.store, topUsersPerServer: 10 });
    // Act
    const exposition = await registry.metrics();
    const res = spawnSync(promtool!, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
    // Assert
    expect(exposition).toContain('scribe_quota_users{uai="0860021F",server="scribe",status="over_hard"} 1');
    expect(`${res.stdout}${res.stderr}`).toBe('');
    expect(res.status).toBe(0);
  });
});
