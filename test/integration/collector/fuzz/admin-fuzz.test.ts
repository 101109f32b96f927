// Property-based fuzzing of the read and admin API (reports with their query strings, the status page, the
// server views, silences) and of unknown routes: only 2xx/4xx answers, and a refused request changes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aHeartbeat, ALPHA } from '../../../../shared/testing/messages.ts';
import { ADMIN_TOKEN, buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { dumpDatabase } from '../../../helpers/db-dump.ts';
import { applyMutation, mutationOf, nastyValue } from '../../../helpers/fuzz-arbitraries.ts';
import { buildReport } from '../../../helpers/report-builder.ts';

const RUNS = 150;
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ VIGIE_COLLECTOR_REPORTS_READER_TOKEN: 'reader-token-0123456789' });
  const token = await t.enrol(ALPHA.uai, ALPHA.machine);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  for (const [url, body] of [['/api/v1/heartbeat', aHeartbeat()], ['/api/v1/report', buildReport()]] as const) {
    expect((await t.app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) })).statusCode).toBe(200);
  }
});
afterAll(async () => t.close());

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function requestAndCheck(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: string, headers: Record<string, string> = admin): Promise<number> {
  const before = dumpDatabase(t.db);
  const res = await t.app.inject({ method, url, headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' }, ...(payload === undefined ? {} : { payload }) });
  expect(res.statusCode, `${method} ${url} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.json()).toMatchObject({ code: expect.stringMatching(/^ERR_/) });
    expect(dumpDatabase(t.db)).toBe(before);
  }
  return res.statusCode;
}

const KEYS = ['uai', 'format', 'since', 'section', 'window', 'from', 'to', 'tz', 'machine', 'x'];
const paramValue = fc.oneof(
  fc.constantFrom('0860021F', '0860021f', ' 0860021F ', '0860021A', 'csv', 'json', 'html', 'users', 'schools', 'servers', 'outages', '2025-07-01', '2025-02-30', '9999-12-31', '0000-01-01', 'Europe/Paris', 'Mars/Olympus', 'Bascule 2025', '', 'NaN', '1e308', '-0'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 3000 }),
);
/** A query string: known and unknown keys, repeated keys, properly encoded or raw with broken %-escapes. */
const queryString = fc.oneof(
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), paramValue), { maxLength: 6 }).map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  ),
  fc.stringMatching(/^[A-Za-z0-9=&%._~+-]{0,80}$/),
  fc.constantFrom('uai=%', 'uai=%zz', 'uai=%C3', 'uai=%FF%FE', 'uai[]=0860021F', 'uai=1&uai=2', '__proto__=x', 'constructor[prototype][x]=1', '&&&==='),
);

describe('fuzzing the read API', () => {
  it.each(['/api/v1/reports/quotas', '/api/v1/reports/availability', '/status'])('GET %s answers any query string with 2xx or 4xx', async (path) => {
    await fc.assert(
      fc.asyncProperty(queryString, fc.constantFrom(admin, { authorization: 'Bearer reader-token-0123456789' }, { authorization: 'Basic ' + Buffer.from('x:reader-token-0123456789').toString('base64') }), async (query, headers) => {
        await requestAndCheck('GET', `${path}?${query}`, undefined, headers);
      }),
      { numRuns: RUNS },
    );
  });

  it('GET /api/v1/servers/:uai/:machine answers any path segments with 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(paramValue, paramValue, async (uai, machine) => {
        await requestAndCheck('GET', `/api/v1/servers/${encodeURIComponent(uai)}/${encodeURIComponent(machine)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('any path and method off the API answers 404 or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'DELETE') as fc.Arbitrary<'GET' | 'POST' | 'DELETE'>, fc.webPath(), async (method, path) => {
        await requestAndCheck(method, path || '/', method === 'POST' ? '{}' : undefined);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzing the silences API', () => {
  const valid = { uai: '0860021F', machine: 'scribe', startsAt: '2025-07-10T08:00:00Z', endsAt: '2025-07-11T08:00:00Z', reason: 'travaux électriques', createdBy: 'ent' };

  it('POST /api/v1/silences answers any body with 2xx or 4xx, a refusal changing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyValue, mutationOf(valid).map((m) => applyMutation(valid, m))), async (body) => {
        await requestAndCheck('POST', '/api/v1/silences', JSON.stringify(body) ?? 'null');
      }),
      { numRuns: RUNS },
    );
  });

  it('DELETE /api/v1/silences/:id answers any id with 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(paramValue, fc.bigInt().map(String), fc.constantFrom('999999999999999', '9007199254740993', '0', '-1', '1.5')), async (id) => {
        await requestAndCheck('DELETE', `/api/v1/silences/${encodeURIComponent(id)}`);
      }),
      { numRuns: RUNS },
    );
  });
});
