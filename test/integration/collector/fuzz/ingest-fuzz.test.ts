// Property-based fuzzing of the three agent pushes (fast-check): whatever the body, headers or token, the
// collector answers 2xx or 4xx, never 5xx, and a refused push leaves the database exactly as it was.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aHeartbeat, anEvent, ALPHA } from '../../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { dumpDatabase } from '../../../helpers/db-dump.ts';
import { applyMutation, mutationOf, nastyValue, rawBody } from '../../../helpers/fuzz-arbitraries.ts';
import { buildReport } from '../../../helpers/report-builder.ts';

const RUNS = 150;
let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await buildTestApp({ VIGIE_COLLECTOR_BODY_LIMIT_BYTES: String(256 * 1024), VIGIE_COLLECTOR_INGEST_RATE_MAX: '1000000' });
  token = await t.enrol(ALPHA.uai, ALPHA.machine);
  await t.enrol('0170001J', 'scribe');
});
afterAll(async () => t.close());

const ENDPOINTS = [
  ['/api/v1/heartbeat', () => aHeartbeat()],
  ['/api/v1/event', () => anEvent()],
  ['/api/v1/report', () => buildReport()],
] as const;

/** Sends one request and checks the invariant: no 5xx, and a 4xx changed nothing in the database. */
async function pushAndCheck(url: string, payload: string | Buffer, headers: Record<string, string>): Promise<LightMyRequestResponse> {
  const before = dumpDatabase(t.db);
  const res = await t.app.inject({ method: 'POST', url, headers, payload });
  expect(res.statusCode, res.body).toBeLessThan(500);
  expect(res.statusCode).toBeGreaterThanOrEqual(200);
  if (res.statusCode >= 400) {
    expect(res.json()).toMatchObject({ code: expect.stringMatching(/^ERR_/), message: expect.any(String) });
    expect(dumpDatabase(t.db)).toBe(before);
  }
  return res;
}

const json = (tok = token) => ({ 'content-type': 'application/json', authorization: `Bearer ${tok}` });

describe.each(ENDPOINTS)('fuzzing POST %s', (url, valid) => {
  it('answers any JSON value with a 4xx and leaves the database unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), nastyValue), async (body) => {
        await pushAndCheck(url, JSON.stringify(body) ?? 'null', json());
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a valid message with one field broken, naming that field', async () => {
    const base = valid();
    await fc.assert(
      fc.asyncProperty(mutationOf(base), async (mutation) => {
        const body = applyMutation({ ...valid(), messageId: base.messageId }, mutation);
        const text = JSON.stringify(body);
        const res = await pushAndCheck(url, text, json());
        // A `constructor`/`__proto__` key is refused by the JSON parser itself (prototype poisoning), before any field.
        if (res.statusCode === 400 && mutation.kind !== 'remove' && !/"(__proto__|constructor)"/.test(text)) {
          // The first segment of the broken path, or the field it sits in, is named: body/load/load1, body/server…
          expect(res.json<{ message: string }>().message).toContain(`body/${String(mutation.path[0])}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('survives raw bodies: bytes, invalid UTF-8, truncated, duplicate keys, deep nesting', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody(valid()), fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', ''), async (payload, type) => {
        await pushAndCheck(url, payload, { ...(type === '' ? {} : { 'content-type': type }), authorization: `Bearer ${token}` });
      }),
      { numRuns: RUNS },
    );
  });

  it('answers any Authorization header with 2xx or 4xx, and refuses the wrong server', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`), fc.constant(`Bearer ${token}${token}`)), async (auth) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        // A header value with a line break or NUL cannot be sent; what is left is the attacker's choice.
        if (!/[\r\n\0]/.test(auth) && [...auth].every((c) => c.charCodeAt(0) < 256)) headers['authorization'] = auth;
        const res = await pushAndCheck(url, JSON.stringify(valid()), headers);
        expect(res.statusCode === 401 || headers['authorization'] === `Bearer ${token}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('value bounds', () => {
  const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/heartbeat', headers: json(), payload: JSON.stringify(body) });

  it.each([
    ['a load average of 1e308', aHeartbeat({ load: { load1: 1e308, load5: 0, load15: 0 } }), 'body/load/load1'],
    ['a memory size above 2^53', aHeartbeat({ memory: { totalBytes: 2 ** 53 + 2, availableBytes: 0 } }), 'body/memory/totalBytes'],
    ['an uptime of a millennium', aHeartbeat({ uptimeSeconds: 1000 * 365 * 86_400 }), 'body/uptimeSeconds'],
    ['a boot after the message was sent', aHeartbeat({ sentAt: '2025-07-10T08:00:00.000Z', bootTime: '2025-07-11T08:00:00.000Z' }), 'body/bootTime'],
    ['a 5,000-character mount point', aHeartbeat({ filesystems: [{ mount: `/${'a'.repeat(5000)}`, device: 'd', fsType: 'ext4', sizeBytes: 1, availBytes: 1 }] }), 'body/filesystems/0/mount'],
  ])('refuses %s, naming the field', async (_what, body, field) => {
    const before = dumpDatabase(t.db);
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toContain(field);
    expect(dumpDatabase(t.db)).toBe(before);
  });
});
