/** Liveness through HTTP (inject): heartbeats and events in, servers/silences API and metrics out. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aHeartbeat, anEvent, ALPHA } from '../../../../shared/testing/messages.ts';
import { createLivenessSweep } from '../../../../collector/services/liveness-sweep.ts';
import { ADMIN_TOKEN, buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp;
let token: string;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

beforeEach(async () => {
  t = await buildTestApp();
  token = await t.enrol(ALPHA.uai, ALPHA.machine);
  await t.enrol('0170001J', 'scribe');
});
afterEach(async () => t.close());

const push = (url: string, body: unknown) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const sweep = () => createLivenessSweep({ store: t.store, settings: t.config.livenessSettings }).sweepOnce(t.clock.now());
async function metrics(prefix: string): Promise<string[]> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  return res.body.split('\n').filter((l) => l.startsWith(prefix));
}

describe('GET /api/v1/servers', () => {
  it('needs the admin token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/servers' })).statusCode).toBe(401);
  });

  it('lists state, last seen and the current outage with its cause', async () => {
    await push('/api/v1/heartbeat', aHeartbeat({ sentAt: t.clock.now().toISOString() }));
    let res = await t.app.inject({ method: 'GET', url: '/api/v1/servers', headers: admin });
    expect(res.statusCode).toBe(200);
    const servers = res.json().servers as { uai: string; state: string; lastSeen: string | null; currentOutage: unknown }[];
    expect(servers.find((s) => s.uai === ALPHA.uai)).toMatchObject({ state: 'online', lastSeen: '2025-07-10T08:00:00.000Z', currentOutage: null });
    expect(servers.find((s) => s.uai === '0170001J')).toMatchObject({ state: 'unknown', lastSeen: null });

    t.clock.advance(181_000);
    await sweep();
    res = await t.app.inject({ method: 'GET', url: `/api/v1/servers/${ALPHA.uai}/${ALPHA.machine}`, headers: admin });
    expect(res.json()).toMatchObject({
      state: 'offline',
      currentOutage: { startedAt: '2025-07-10T08:00:00.000Z', cause: 'power_loss', provisional: true },
      transitions: [{ from: 'unknown', to: 'online' }, { from: 'online', to: 'offline', reason: 'offline_deadline' }],
    });
  });

  it('a shutdown event makes the server shutdown with cause shutdown; a resent event is a duplicate', async () => {
    await push('/api/v1/heartbeat', aHeartbeat({ sentAt: t.clock.now().toISOString() }));
    const ev = anEvent({ type: 'shutdown', reason: 'SIGTERM' });
    expect((await push('/api/v1/event', ev)).json()).toEqual({ status: 'accepted' });
    expect((await push('/api/v1/event', ev)).json()).toEqual({ status: 'duplicate' });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/servers/${ALPHA.uai}/${ALPHA.machine}`, headers: admin });
    expect(res.json()).toMatchObject({ state: 'shutdown', currentOutage: { cause: 'shutdown', provisional: false } });
    expect(res.json().transitions).toHaveLength(2);
  });

  it('answers 404 for a server that is not enrolled', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/servers/0860021F/nope', headers: admin });
    expect(res.statusCode).toBe(404);
  });
});

describe('/api/v1/silences', () => {
  it('adds, lists and removes a silence', async () => {
    const add = await t.app.inject({
      method: 'POST',
      url: '/api/v1/silences',
      headers: admin,
      payload: { uai: '0860021f', endsAt: '2025-07-10T18:00:00+02:00', reason: 'travaux électriques' },
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ uai: '0860021F', machine: null, endsAt: '2025-07-10T16:00:00.000Z', startsAt: '2025-07-10T08:00:00.000Z' });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/silences', headers: admin });
    expect(list.json().silences).toHaveLength(1);
    const servers = await t.app.inject({ method: 'GET', url: '/api/v1/servers', headers: admin });
    expect(servers.json().servers.find((s: { uai: string }) => s.uai === ALPHA.uai).silencedUntil).toBe('2025-07-10T16:00:00.000Z');
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/silences/${add.json().id}`, headers: admin });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/silences/${add.json().id}`, headers: admin })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/silences', headers: admin })).json().silences).toHaveLength(0);
  });

  it.each([
    { payload: { uai: '0860021A', endsAt: '2025-07-11T00:00:00Z', reason: 'x' }, fragment: 'check letter' },
    { payload: { uai: '0860021F', endsAt: '2025-07-09T00:00:00Z', reason: 'x' }, fragment: 'endsAt is invalid, expected an instant in the future' },
    { payload: { uai: '0860021F', endsAt: 'demain', reason: 'x' }, fragment: 'endsAt is invalid, expected an ISO-8601 date-time' },
    { payload: { uai: '0860021F', machine: 'amon', endsAt: '2025-07-11T00:00:00Z', reason: 'x' }, fragment: 'machine is invalid, expected an enrolled server' },
    { payload: { uai: '0860021F', endsAt: '2025-07-11T00:00:00Z' }, fragment: 'reason' },
  ])('refuses a bad silence naming the field: $fragment', async ({ payload, fragment }) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/silences', headers: admin, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(fragment);
  });
});

describe('liveness metrics', () => {
  it('exposes up, state, state-since, outages by cause and the notification backlog', async () => {
    await push('/api/v1/heartbeat', aHeartbeat({ sentAt: t.clock.now().toISOString() }));
    expect(await metrics('scribe_server_up{')).toContain('scribe_server_up{uai="0860021F",server="scribe"} 1');
    expect(await metrics('scribe_server_state{')).toContain('scribe_server_state{uai="0860021F",server="scribe",state="online"} 1');
    expect(await metrics('scribe_server_state{')).toContain('scribe_server_state{uai="0170001J",server="scribe",state="unknown"} 1');
    t.clock.advance(200_000);
    await sweep();
    expect(await metrics('scribe_server_up{')).toContain('scribe_server_up{uai="0860021F",server="scribe"} 0');
    expect(await metrics('scribe_server_state_since_timestamp_seconds{uai="0860021F"')).toEqual([
      `scribe_server_state_since_timestamp_seconds{uai="0860021F",server="scribe"} ${Date.parse('2025-07-10T08:03:00Z') / 1000}`,
    ]);
    expect(await metrics('vigie_notifications_pending')).toEqual(['vigie_notifications_pending 1']);
    await push('/api/v1/heartbeat', aHeartbeat({ sentAt: t.clock.now().toISOString(), bootTime: '2025-07-10T08:02:00.000Z' }));
    expect(await metrics('scribe_server_outages_total{')).toEqual(['scribe_server_outages_total{uai="0860021F",server="scribe",cause="power_loss"} 1']);
  });
});
