import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('the HTTP server', () => {
  it('has the timeouts of the configuration, with sensible defaults', async () => {
    t = await buildTestApp();
    expect({ connection: t.app.server.timeout, request: t.app.server.requestTimeout, keepAlive: t.app.server.keepAliveTimeout }).toEqual({
      connection: 120_000,
      request: 300_000,
      keepAlive: 72_000,
    });
  });

  it('takes the timeouts from VIGIE_COLLECTOR_*_TIMEOUT_MS', async () => {
    t = await buildTestApp({ VIGIE_COLLECTOR_CONNECTION_TIMEOUT_MS: '30000', VIGIE_COLLECTOR_REQUEST_TIMEOUT_MS: '60000', VIGIE_COLLECTOR_KEEP_ALIVE_TIMEOUT_MS: '5000' });
    expect([t.app.server.timeout, t.app.server.requestTimeout, t.app.server.keepAliveTimeout]).toEqual([30_000, 60_000, 5000]);
  });

  it('refuses a timeout below one second when the configuration is loaded', async () => {
    await expect(buildTestApp({ VIGIE_COLLECTOR_REQUEST_TIMEOUT_MS: '10' })).rejects.toThrow(/requestTimeoutMs is invalid/);
  });

  it('takes an empty query parameter as absent, as before the schemas', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ url: '/api/v1/reports/quotas?uai=&since=&format=csv', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('answers a removed silence with 204 and no body', async () => {
    t = await buildTestApp();
    await t.enrol('0860021F', 'scribe');
    const add = await t.app.inject({ method: 'POST', url: '/api/v1/silences', headers: admin, payload: { uai: '0860021F', endsAt: '2025-07-11T00:00:00Z', reason: 'travaux' } });
    expect(add.statusCode).toBe(201);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/silences/${add.json<{ id: number }>().id}`, headers: admin });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it.each(['abc', '0', '-1', '1.5'])('answers 400, never 5xx, for the silence id %s', async (id) => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/silences/${id}`, headers: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_REQUEST_INVALID', message: expect.stringContaining('params/id') });
  });
});
