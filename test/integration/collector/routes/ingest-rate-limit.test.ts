import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aHeartbeat, ALPHA } from '../../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp;
let alpha: string;
let bravo: string;
beforeEach(async () => {
  t = await buildTestApp({ VIGIE_COLLECTOR_INGEST_RATE_MAX: '3', VIGIE_COLLECTOR_INGEST_RATE_WINDOW_SECONDS: '60' });
  alpha = await t.enrol(ALPHA.uai, ALPHA.machine);
  bravo = await t.enrol('0170001J', 'scribe');
});
afterEach(async () => t.close());

const push = (token: string | undefined, server = ALPHA) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/heartbeat',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    payload: JSON.stringify(aHeartbeat({ server })),
  });

describe('per-token rate limit of the pushes', () => {
  it('answers 429 ERR_RATE_LIMITED with Retry-After past the limit, for that token only', async () => {
    for (let i = 0; i < 3; i++) expect((await push(alpha)).statusCode).toBe(200);
    const limited = await push(alpha);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'ERR_RATE_LIMITED', message: expect.stringContaining('at most 3 per 60 s') });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another server's token has its own counter.
    expect((await push(bravo, { uai: '0170001J', machine: 'scribe' })).statusCode).toBe(200);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/vigie_pushes_total\{kind="heartbeat",outcome="[a-z_]+"\} 1/);
  });

  it('counts unknown tokens too, before any database lookup', async () => {
    for (let i = 0; i < 3; i++) expect((await push('vigie_stranger-token-0123')).statusCode).toBe(401);
    expect((await push('vigie_stranger-token-0123')).statusCode).toBe(429);
    expect((await push(alpha)).statusCode).toBe(200);
  });
});

describe('rate limit windows', () => {
  it('follow the collector clock: a new window lets the token push again', async () => {
    for (let i = 0; i < 3; i++) await push(alpha);
    expect((await push(alpha)).statusCode).toBe(429);
    t.clock.advance(60_000);
    expect((await push(alpha)).statusCode).toBe(200);
  });
});
