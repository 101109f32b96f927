import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { buildReport, quotaUser } from '../../../helpers/report-builder.ts';
import { parseCsv } from '../../../helpers/parse-csv.ts';
import type { Report } from '../../../../shared/protocol/index.ts';
import type { QuotaReport } from '../../../../collector/reports/quota-report-types.ts';

const READER = 'reader-token-abcdefghijklmnop';
let t: TestApp;
let alpha: string;
let bravo: string;

beforeEach(async () => {
  t = await buildTestApp({ VIGIE_COLLECTOR_REPORTS_READER_TOKEN: READER });
  alpha = await t.enrol('0860021F', 'scribe', 'Collège Jean Moulin');
  bravo = await t.enrol('0170001J', 'scribe', 'Lycée Les Remparts');
  t.clock.set('2025-07-01T03:00:00Z');
  await push(buildReport({ finishedAt: '2025-07-01T02:30:00.000Z', users: [quotaUser('bmartin', { usedMiB: 100 })] }), alpha);
  t.clock.set('2025-07-10T08:00:00Z');
  await push(buildReport({ finishedAt: '2025-07-10T02:30:00.000Z' }), alpha);
  await push(buildReport({ uai: '0170001J', finishedAt: '2025-07-10T02:40:00.000Z' }), bravo);
});
afterEach(async () => t.close());

async function push(report: Report, token: string): Promise<void> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/report',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify(report),
  });
  expect(res.statusCode).toBe(200);
}

const get = (query: string, token: string | null = READER) =>
  t.app.inject({ method: 'GET', url: `/api/v1/reports/quotas${query}`, headers: token === null ? {} : { authorization: `Bearer ${token}` } });

describe('GET /api/v1/reports/quotas', () => {
  it('answers one school as JSON with growth since a chosen day', async () => {
    const res = await get('?uai=0860021F&since=2025-07-01');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json<QuotaReport>();
    expect(body).toMatchObject({ title: 'Rapport quotas — préparation migration KoXo', uai: '0860021F', since: '2025-07-01' });
    expect(body.schools.map((s) => [s.uai, s.schoolName])).toEqual([['0860021F', 'Collège Jean Moulin']]);
    expect(body.servers[0]?.baselineDay).toBe('2025-07-01');
    expect(body.users[0]?.login).toBe('cpetit');
    expect(body.users.find((u) => u.login === 'bmartin')?.quotaGrowthBytes).toBe(110 * 1024 * 1024);
  });

  it('answers the whole fleet without uai', async () => {
    const body = (await get('?format=json')).json<QuotaReport>();
    expect(body.uai).toBeNull();
    expect(body.schools.map((s) => s.uai)).toEqual(['0170001J', '0860021F']);
  });

  it('serves a CSV with BOM and ; as an attachment', async () => {
    const res = await get('?uai=0860021F&format=csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="rapport-quotas-0860021F-2025-07-10.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(res.body);
    expect(rows[0]?.slice(0, 3)).toEqual(['UAI', 'Serveur', 'Identifiant']);
    expect(rows[1]?.[2]).toBe('cpetit');
    const schools = parseCsv((await get('?format=csv&section=schools')).body);
    expect(schools.map((r) => r[0])).toEqual(['UAI', '0170001J', '0860021F']);
  });

  it('serves a self-contained HTML page with a restrictive CSP', async () => {
    const res = await get('?uai=0860021F&format=html');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('Établissement 0860021F — Collège Jean Moulin');
  });

  it('accepts the admin token too', async () => {
    expect((await get('', ADMIN_TOKEN)).statusCode).toBe(200);
  });

  it.each([
    { name: 'no token', token: null, status: 401, code: 'ERR_AUTH_MISSING' },
    { name: 'a wrong token', token: 'nope-nope-nope-nope', status: 401, code: 'ERR_AUTH_INVALID' },
  ])('refuses $name', async ({ token, status, code }) => {
    const res = await get('', token);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code });
  });

  it('refuses a server token: agents cannot read reports', async () => {
    expect((await get('', alpha)).statusCode).toBe(401);
  });

  // A parameter the query string schema refuses is ERR_REQUEST_INVALID; a well-formed one that makes no sense
  // (an impossible or future day) is ERR_REPORT_QUERY_INVALID. Both answer 400 naming the field.
  it.each([
    { query: '?format=xls', code: 'ERR_REQUEST_INVALID', fragment: 'querystring/format: must be equal to one of the allowed values (csv, json, html)' },
    { query: '?uai=0860021', code: 'ERR_REQUEST_INVALID', fragment: 'querystring/uai: must match pattern' },
    { query: '?since=2025-02-30', code: 'ERR_REPORT_QUERY_INVALID', fragment: 'querystring: since is invalid, expected a date YYYY-MM-DD' },
    { query: '?since=2025-07-11', code: 'ERR_REPORT_QUERY_INVALID', fragment: 'since is invalid, expected a past date (today is 2025-07-10)' },
    { query: '?section=totals', code: 'ERR_REQUEST_INVALID', fragment: 'querystring/section: must be equal to one of the allowed values (users, schools, spaces)' },
    { query: '?ua=0860021F', code: 'ERR_REQUEST_INVALID', fragment: 'querystring/ua: is not an allowed field (allowed: uai, format, since, section)' },
    { query: '?format=csv&format=json', code: 'ERR_REQUEST_INVALID', fragment: 'querystring/format: must be string' },
  ])('answers 400 naming the field for $query', async ({ query, code, fragment }) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code });
    expect(res.json<{ message: string }>().message).toContain(fragment);
  });

  it('answers 404 for a school with no enrolled server', async () => {
    const res = await get('?uai=0999999Z');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ message: string }>().message).toContain('0999999Z');
  });
});
