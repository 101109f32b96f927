import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aHeartbeat, aMinimalReport, anEvent, ALPHA } from '../../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp;
let alphaToken: string;
let bravoToken: string;

beforeEach(async () => {
  t = await buildTestApp({ VIGIE_COLLECTOR_BODY_LIMIT_BYTES: '65536' });
  alphaToken = await t.enrol(ALPHA.uai, ALPHA.machine);
  bravoToken = await t.enrol('0170001J', 'scribe');
});
afterEach(async () => t.close());

const post = (url: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function metric(name: string): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  return res.body.split('\n').filter((l) => l.startsWith(name)).join('\n');
}

describe('POST /api/v1/heartbeat', () => {
  it('accepts a valid heartbeat and exposes it in /metrics', async () => {
    const res = await post('/api/v1/heartbeat', aHeartbeat(), alphaToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'accepted' });
    expect(await metric('scribe_server_uptime_seconds')).toContain('scribe_server_uptime_seconds{uai="0860021F",server="scribe"} 783000');
    expect(await metric('scribe_server_last_seen_timestamp_seconds')).toContain(`${t.clock.now().getTime() / 1000}`);
    expect(await metric('scribe_filesystem_avail_bytes')).toContain('mountpoint="/home"');
    expect(await metric('vigie_pushes_total')).toContain('vigie_pushes_total{kind="heartbeat",outcome="accepted"} 1');
  });

  it('acknowledges a resend as a duplicate and never moves last-seen backwards', async () => {
    const hb = aHeartbeat({ sentAt: '2025-07-10T08:00:00.000Z' });
    await post('/api/v1/heartbeat', hb, alphaToken);
    const again = await post('/api/v1/heartbeat', hb, alphaToken);
    expect(again.json()).toEqual({ status: 'duplicate' });
    const older = await post('/api/v1/heartbeat', aHeartbeat({ sentAt: '2025-07-10T07:59:00.000Z', uptimeSeconds: 1 }), alphaToken);
    expect(older.json()).toEqual({ status: 'duplicate' });
    expect(await metric('scribe_server_uptime_seconds{')).toContain(' 783000');
  });

  it('answers 401 without a token or with an unknown one', async () => {
    const none = await post('/api/v1/heartbeat', aHeartbeat());
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'ERR_AUTH_MISSING' });
    const bad = await post('/api/v1/heartbeat', aHeartbeat(), 'vigie_not-a-real-token');
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'ERR_AUTH_INVALID' });
    expect(await metric('vigie_pushes_total')).toContain('outcome="unauthorized"} 2');
  });

  it("answers 403 when one server's token writes another server's series", async () => {
    const res = await post('/api/v1/heartbeat', aHeartbeat({ server: { uai: '0170001J', machine: 'scribe' } }), alphaToken);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('belongs to 0860021F/scribe');
    expect(await metric('scribe_server_uptime_seconds')).not.toContain('0170001J');
    const own = await post('/api/v1/heartbeat', aHeartbeat({ server: { uai: '0170001J', machine: 'scribe' } }), bravoToken);
    expect(own.statusCode).toBe(200);
  });

  it.each([
    ['a pattern violation', { server: { uai: '0860021f', machine: 'scribe' } }, 'body/server/uai: must match pattern'],
    ['a wrong type', { uptimeSeconds: 'long' }, 'body/uptimeSeconds: must be number'],
    ['a missing field', { load: undefined }, 'body/load: is required but missing'],
    ['an unknown field', { extra: 1 }, 'body/extra: is not an allowed field'],
    ['a bad date', { bootTime: 'yesterday' }, 'body/bootTime: must match format "date-time"'],
    ['a nested bad value', { memory: { totalBytes: -1, availableBytes: 0 } }, 'body/memory/totalBytes: must be >= 0'],
  ])('answers 400 naming the field for %s', async (_name, override, fragment) => {
    const res = await post('/api/v1/heartbeat', { ...aHeartbeat(), ...override }, alphaToken);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_REQUEST_INVALID' });
    expect(res.json().message).toContain(fragment);
  });

  it.each([
    ['malformed JSON', '{"schemaVersion": '],
    ['an array', '[1,2]'],
    ['a bare string', '"hello"'],
    ['null', 'null'],
  ])('answers 400, never 5xx, for %s', async (_name, payload) => {
    const res = await post('/api/v1/heartbeat', payload, alphaToken);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('ERR_REQUEST_INVALID');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await post('/api/v1/heartbeat', 'uptime=3', alphaToken, { 'content-type': 'application/xml' });
    expect(res.statusCode).toBe(415);
  });

  it('answers 413 for an oversized body', async () => {
    const huge = { ...aHeartbeat(), agentVersion: 'x'.repeat(70_000) };
    const res = await post('/api/v1/heartbeat', huge, alphaToken);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('ERR_BODY_TOO_LARGE');
    expect(await metric('vigie_pushes_total')).toContain('outcome="too_large"} 1');
  });

  it('refuses an unknown schemaVersion major with a clear error', async () => {
    const res = await post('/api/v1/heartbeat', { ...aHeartbeat(), schemaVersion: '2.0', somethingNew: true }, alphaToken);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_SCHEMA_VERSION_UNSUPPORTED' });
    expect(res.json().message).toContain('major version 2 is not supported');
    const minor = await post('/api/v1/heartbeat', { ...aHeartbeat(), schemaVersion: '1.7' }, alphaToken);
    expect(minor.statusCode).toBe(200);
    const garbage = await post('/api/v1/heartbeat', { ...aHeartbeat(), schemaVersion: 'v1' }, alphaToken);
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().message).toContain('body/schemaVersion');
  });
});

describe('POST /api/v1/report and /api/v1/event', () => {
  it('accepts them and answers duplicate to a resend', async () => {
    const report = aMinimalReport();
    expect((await post('/api/v1/report', report, alphaToken)).json()).toEqual({ status: 'accepted' });
    expect((await post('/api/v1/report', report, alphaToken)).json()).toEqual({ status: 'duplicate' });
    const event = anEvent({ type: 'shutdown', reason: 'SIGTERM' });
    expect((await post('/api/v1/event', event, alphaToken)).json()).toEqual({ status: 'accepted' });
    expect((await post('/api/v1/event', event, alphaToken)).json()).toEqual({ status: 'duplicate' });
  });

  it('validates events and checks their identity', async () => {
    const bad = await post('/api/v1/event', { ...anEvent(), type: 'reboot' }, alphaToken);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('body/type');
    const other = await post('/api/v1/event', anEvent({ server: { uai: '0170001J', machine: 'scribe' } }), alphaToken);
    expect(other.statusCode).toBe(403);
  });
});

describe('GET /healthz and unknown routes', () => {
  it('answers ok, and 404 with a code for unknown routes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const missing = await t.app.inject({ method: 'GET', url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ERR_NOT_FOUND');
  });
});
