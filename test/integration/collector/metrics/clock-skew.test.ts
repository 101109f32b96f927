// A server whose clock is off is judged by the collector's clock only; its skew is exposed, corrected by half
// the round trip the agent measured; and once NTP sets its clock back, its heartbeats are taken again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clockSkewSeconds } from '../../../../collector/domain/clock-skew.ts';
import { aHeartbeat, ALPHA } from '../../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp;
let token: string;
beforeEach(async () => {
  t = await buildTestApp();
  token = await t.enrol(ALPHA.uai, ALPHA.machine);
});
afterEach(async () => t.close());

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const push = (body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/heartbeat', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: JSON.stringify(body) });
const series = async (name: string) => (await t.app.inject({ method: 'GET', url: '/metrics' })).body.split('\n').find((l) => l.startsWith(`${name}{`));

describe('clock skew', () => {
  it('is sentAt against arrival, less half the round trip', () => {
    expect(clockSkewSeconds(1_000_000, 1_000_000)).toBe(0);
    expect(clockSkewSeconds(1_000_000 + DAY_MS, 1_000_400, 800)).toBe(86_400);
    expect(clockSkewSeconds(1_000_000 - 600_000, 1_000_000)).toBe(-600);
  });

  it('exposes a day-ahead server as scribe_server_clock_skew_seconds, and last-seen in collector time', async () => {
    const now = t.clock.now().getTime();
    const ahead = now + DAY_MS;
    t.clock.advance(250); // the message took 250 ms to arrive; the agent measured a 500 ms round trip before
    expect((await push(aHeartbeat({ sentAt: iso(ahead), bootTime: iso(ahead - 3_600_000), uptimeSeconds: 3600, lastRoundTripMs: 500 }))).statusCode).toBe(200);
    expect(await series('scribe_server_clock_skew_seconds')).toBe('scribe_server_clock_skew_seconds{uai="0860021F",server="scribe"} 86400');
    expect(await series('scribe_server_last_seen_timestamp_seconds')).toContain(` ${(now + 250) / 1000}`);
  });

  it('takes the heartbeats of a server whose clock NTP set back a day (no false silence)', async () => {
    const now = t.clock.now().getTime();
    expect((await push(aHeartbeat({ sentAt: iso(now + DAY_MS), bootTime: iso(now - 3_600_000) }))).json()).toEqual({ status: 'accepted' });
    t.clock.advance(60_000);
    expect((await push(aHeartbeat({ sentAt: iso(now + 60_000), bootTime: iso(now - 3_600_000) }))).json()).toEqual({ status: 'accepted' });
    expect(await series('scribe_server_clock_skew_seconds')).toBe('scribe_server_clock_skew_seconds{uai="0860021F",server="scribe"} 0');
    // A retry arriving late (a minute older than the last one) is still a duplicate.
    expect((await push(aHeartbeat({ sentAt: iso(now), bootTime: iso(now - 3_600_000) }))).json()).toEqual({ status: 'duplicate' });
  });
});
