// `promtool check metrics` on the collector's real /metrics exposition (every metric family filled) reports nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { aHeartbeat, anEvent } from '../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.ts';
import { promtoolBinary, promtoolCheckMetrics } from '../../helpers/prometheus.ts';
import { buildReport } from '../../helpers/report-builder.ts';
import { has } from '../../helpers/requirements.ts';

const promtool = promtoolBinary();

describe.skipIf(!has('promtool'))('collector /metrics under promtool check metrics', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('reports no problem once heartbeats, events, reports and refused pushes have filled every family', async () => {
    // Arrange: one enrolled server that reports everything, one never seen, one refused push.
    expect(promtool, 'promtool not found (Debian package prometheus)').toBeDefined();
    t = await buildTestApp();
    const token = await t.enrol('0860021F', 'scribe', 'Collège Jean Moulin');
    await t.enrol('0860023H', 'scribe', 'Collège Albert Camus');
    const auth = { authorization: `Bearer ${token}` };
    const now = t.clock.now().toISOString();
    const pushes = [
      { url: '/api/v1/event', payload: anEvent({ sentAt: now, at: now }) },
      { url: '/api/v1/heartbeat', payload: aHeartbeat({ sentAt: now }) },
      { url: '/api/v1/report', payload: buildReport({ finishedAt: now }) },
    ];
    for (const p of pushes) {
      const res = await t.app.inject({ method: 'POST', url: p.url, headers: auth, payload: p.payload });
      expect(res.statusCode, `${p.url}: ${res.body}`).toBe(200);
    }
    await t.app.inject({ method: 'POST', url: '/api/v1/heartbeat', headers: { authorization: 'Bearer wrong-token-000000000000' }, payload: aHeartbeat() });

    // Act
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    const { code, output } = await promtoolCheckMetrics(res.body);

    // Assert: the families the dashboards read are there, and promtool has nothing to say.
    const families = ['scribe_server_info', 'scribe_server_load1', 'scribe_server_state', 'scribe_quota_used_bytes', 'scribe_space_bytes', 'vigie_pushes_total', 'vigie_notifications_pending'];
    for (const family of families) {
      expect(res.body).toContain(`# TYPE ${family} `);
    }
    expect(output).toBe('');
    expect(code).toBe(0);
  });
});
