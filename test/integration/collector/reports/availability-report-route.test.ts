/**
 * GET /api/v1/reports/availability on a real SQLite file, with outages made by the real liveness services
 * (heartbeats and events over HTTP, the sweep, a FakeClock): figures, CSV = JSON, errors, auth, the CLI.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReportAvailabilityCommand } from '../../../../collector/commands/report-availability.ts';
import { OUTAGES_CSV_HEADER, SCHOOLS_CSV_HEADER, SERVERS_CSV_HEADER } from '../../../../collector/reports/availability-csv.ts';
import type { AvailabilityReport } from '../../../../collector/reports/availability-report-types.ts';
import { formatLocalDateTime } from '../../../../collector/presentation/local-date-time.ts';
import { roundTo } from '../../../../collector/presentation/numbers-fr.ts';
import { ADMIN, CONFIG_YAML, READER, playAvailabilityScenario, type Scenario } from '../../../helpers/availability-scenario.ts';

const MIN = 60;
const H = 3600;
let s: Scenario;
let report: AvailabilityReport;

const get = (url: string, token: string | null = READER) =>
  s.app.inject({ method: 'GET', url, headers: token === null ? {} : { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  s = await playAvailabilityScenario();
  const res = await get('/api/v1/reports/availability?window=Bascule%202025');
  expect(res.statusCode).toBe(200);
  report = res.json() as AvailabilityReport;
}, 60_000);
afterAll(async () => s?.close());

/** RFC 4180 with `;`: quoted cells, doubled quotes, CRLF lines; strips the BOM. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\ufeff')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; } else if (c === '\r' && body[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 1; } else cell += c;
  }
  return rows;
}
const num = (cell: string | undefined): number | null => (cell === undefined || cell === '' ? null : Number(cell.replace(',', '.')));
const hours = (seconds: number): number => roundTo(seconds / 3600, 2);
const pct = (ratio: number | null): number | null => (ratio === null ? null : roundTo(ratio * 100, 2));

describe('figures from the liveness history', () => {
  it('covers each server from its mid-window enrolment to the window end; excluded school left out', () => {
    expect(report.window).toMatchObject({ name: 'Bascule 2025', status: 'over', startAt: '2025-07-04T22:00:00.000Z', endAt: '2025-09-12T22:00:00.000Z' });
    expect(report.excludedSchools).toEqual(['0330001X']);
    expect(report.servers.map((x) => `${x.uai}/${x.server}`)).toEqual(['0170001J/scribe', '0860021F/scribe', '0860021F/amon', '0170002K/scribe']);
    for (const x of report.servers) expect(x).toMatchObject({ periodFrom: '2025-09-11T06:00:00.000Z', periodTo: '2025-09-12T22:00:00.000Z', coveredSeconds: 40 * H });
  });

  it('power loss: from the last heartbeat to the return with a new boot time', () => {
    const x = report.servers.find((r) => r.uai === '0860021F' && r.server === 'scribe')!;
    expect(x).toMatchObject({ unreachableSeconds: 130 * MIN, poweredOffSeconds: 130 * MIN, outageCount: 1, measuredSeconds: 40 * H });
    expect(x.outages).toEqual([expect.objectContaining({ cause: 'power_loss', provisional: false, from: '2025-09-11T10:50:00.000Z', to: '2025-09-11T13:00:00.000Z' })]);
    expect(x.availability).toBeCloseTo(1 - 130 / 2400, 12);
  });

  it('network gap (same boot time): unreachable but powered', () => {
    const x = report.servers.find((r) => r.server === 'amon')!;
    expect(x).toMatchObject({ unreachableSeconds: 100 * MIN, poweredOffSeconds: 0, poweredRatio: 1, unreachableByCause: { shutdown: 0, power_loss: 0, network: 100 * MIN, site: 0 } });
  });

  it('announced shutdown under a silence, then an open outage clipped at the window end', () => {
    const x = report.servers[0]!;
    expect(x).toMatchObject({
      uai: '0170001J', silencedSeconds: 4 * H, measuredSeconds: 36 * H, downWhileSilencedSeconds: 65 * MIN, state: 'offline',
      unreachableByCause: { shutdown: 115 * MIN, power_loss: 250 * MIN, network: 0, site: 0 }, longestOutageSeconds: 250 * MIN,
    });
    expect(x.outages[0]).toMatchObject({ cause: 'shutdown', durationSeconds: 3 * H, silencedSeconds: 65 * MIN });
    expect(x.outages[1]).toMatchObject({ cause: 'power_loss', provisional: true, ongoing: true, endedAt: null, to: '2025-09-12T22:00:00.000Z', continuesAfterPeriod: true });
  });

  it('never-reporting server: nothing measured; fleet summary', () => {
    expect(report.servers[3]).toMatchObject({ uai: '0170002K', neverReported: true, availability: null, state: 'unknown' });
    expect(report.fleet).toMatchObject({
      schools: 3, servers: 4, serversMeasured: 3, serversNeverReported: 1, serversAlwaysReachable: 0, serversNeverPoweredOff: 1,
      serversOffAtLeastOneHour: 2, outagesByCause: { shutdown: 1, power_loss: 2, network: 1, site: 0 },
    });
  });
});

describe('formats', () => {
  it('servers CSV parsed back equals the JSON', async () => {
    const res = await get('/api/v1/reports/availability?window=Bascule%202025&format=csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="rapport-disponibilite-bascule-2025-academie.csv"');
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual([...SERVERS_CSV_HEADER]);
    const col = (name: string) => SERVERS_CSV_HEADER.indexOf(name as never);
    expect(rows.map((r) => ({
      uai: r[col('UAI')], school: r[col('Établissement')], server: r[col('Serveur')],
      from: r[col('Début de la période')], to: r[col('Fin de la période')],
      measured: num(r[col('Temps mesuré (h)')]), unreachable: num(r[col('Injoignable (h)')]), off: num(r[col('Éteint (h)')]),
      network: num(r[col('Coupure réseau ou collecteur (resté sous tension) (h)')]), silenced: num(r[col('Silences (h)')]),
      availability: num(r[col('Disponibilité (%)')]), powered: num(r[col('Sous tension (%)')]), outages: num(r[col('Interruptions')]),
    }))).toEqual(report.servers.map((x) => ({
      uai: x.uai, school: x.schoolName, server: x.server,
      from: formatLocalDateTime(x.periodFrom!, x.timeZone), to: formatLocalDateTime(x.periodTo!, x.timeZone),
      measured: hours(x.measuredSeconds), unreachable: hours(x.unreachableSeconds), off: hours(x.poweredOffSeconds),
      network: hours(x.unreachableByCause.network), silenced: hours(x.silencedSeconds),
      availability: pct(x.availability), powered: pct(x.poweredRatio), outages: x.outageCount,
    })));
  });

  it('outages and schools CSV parsed back equal the JSON', async () => {
    const outages = parseCsv((await get('/api/v1/reports/availability?window=Bascule%202025&format=csv&section=outages')).body);
    expect(outages[0]).toEqual([...OUTAGES_CSV_HEADER]);
    expect(outages.slice(1).map((r) => [r[0], r[2], r[6], r[7], num(r[9])])).toEqual(report.servers.flatMap((x) => x.outages.map((o) => [
      x.uai, x.server, formatLocalDateTime(o.from, x.timeZone), o.ongoing ? 'en cours' : formatLocalDateTime(o.to, x.timeZone), hours(o.durationSeconds),
    ])));
    const schools = parseCsv((await get('/api/v1/reports/availability?window=Bascule%202025&format=csv&section=schools')).body);
    expect(schools[0]).toEqual([...SCHOOLS_CSV_HEADER]);
    expect(schools.slice(1).map((r) => [r[0], r[1], num(r[2]), num(r[6])])).toEqual(report.schools.map((x) => [x.uai, x.schoolName, x.servers, hours(x.unreachableSeconds)]));
  });

  it('HTML: French, escaped, with the method, and a restrictive CSP', async () => {
    const res = await get('/api/v1/reports/availability?window=Bascule%202025&format=html&uai=0170001J');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('Établissement 0170001J — Lycée &lt;Bellevue&gt; &amp; Cie');
    expect(res.body).toContain('<h2>Méthode de calcul</h2>');
    expect(res.body).toContain('<strong>en cours</strong>');
  });

  it('explicit dates with a time zone; the uai filter', async () => {
    const res = await get('/api/v1/reports/availability?from=2025-09-11&to=2025-09-11&tz=Europe/Paris&uai=0860021F');
    const r = res.json() as AvailabilityReport;
    expect(r.window).toMatchObject({ explicit: true, startAt: '2025-09-10T22:00:00.000Z', endAt: '2025-09-11T22:00:00.000Z' });
    expect(r.servers.map((x) => x.server).sort()).toEqual(['amon', 'scribe']);
    expect(r.servers.find((x) => x.server === 'scribe')).toMatchObject({ coveredSeconds: 16 * H, unreachableSeconds: 130 * MIN });
  });
});

describe('errors and access', () => {
  it.each([
    { url: '?window=Bascule%202025&format=pdf', status: 400, fragment: 'querystring/format: must be equal to one of the allowed values (csv, json, html)' },
    { url: '?window=Bascule%202025&uai=86', status: 400, fragment: 'querystring/uai: must match pattern' },
    { url: '?from=2025-09-12&to=2025-09-01', status: 400, fragment: 'to is invalid' },
    { url: '?from=2025-09-01&to=2025-09-12&tz=Europe/Poitiers', status: 400, fragment: 'tz is invalid' },
    { url: '?window=Bascule%202025&since=2025-01-01', status: 400, fragment: 'querystring/since: is not an allowed field' },
    { url: '', status: 400, fragment: 'window is invalid' },
    { url: '?window=Vacances', status: 404, fragment: "known windows: 'Bascule 2025', 'Bascule 2026'" },
    { url: '?window=Bascule%202025&uai=0590001A', status: 404, fragment: 'uai: no server of school 0590001A' },
  ])('$url → $status', async ({ url, status, fragment }) => {
    const res = await get(`/api/v1/reports/availability${url}`);
    expect(res.statusCode).toBe(status);
    expect((res.json() as { message: string }).message).toContain(fragment);
  });

  it.each([
    { token: null, status: 401 }, { token: 'wrong-token-0123456789', status: 401 }, { token: ADMIN, status: 200 }, { token: READER, status: 200 },
  ])('token $token → $status', async ({ token, status }) => {
    expect((await get('/api/v1/reports/availability?window=Bascule%202025', token)).statusCode).toBe(status);
  });
});

describe('vigie-collector report availability', () => {
  it('writes the CSV of one school to --out, same bytes as the API', async () => {
    const out = join(s.dir, 'dispo.csv');
    const lines: string[] = [];
    await runReportAvailabilityCommand(['availability', '--window', 'Bascule 2025', '--uai', '0860021F', '--format', 'csv', '--out', out], {
      store: s.store, liveness: s.config.livenessSettings, clock: s.clock, io: { write: () => {}, out: (l) => lines.push(l) },
    });
    expect(lines).toEqual([`Wrote CSV availability report (0860021F) to ${out}`]);
    expect(readFileSync(out, 'utf8')).toBe((await get('/api/v1/reports/availability?window=Bascule%202025&uai=0860021F&format=csv')).body);
  });

  it('the real command (bin/vigie-collector.js, wall clock) prints the same report: the window is over', async () => {
    const configFile = join(s.dir, 'collector.yaml');
    writeFileSync(configFile, CONFIG_YAML);
    const bin = join(import.meta.dirname, '..', '..', '..', '..', 'bin', 'vigie-collector.js');
    const run = (args: string[]) => promisify(execFile)(process.execPath, [bin, '--config', configFile, 'report', 'availability', ...args], {
      env: { ...process.env, VIGIE_COLLECTOR_DATABASE: s.dbPath }, maxBuffer: 10 * 1024 * 1024,
    });
    const { stdout } = await run(['--window', 'bascule 2025']);
    const printed = JSON.parse(stdout) as AvailabilityReport;
    expect({ ...printed, generatedAt: report.generatedAt }).toEqual(report);
    await expect(run(['--window', 'Été'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("known windows: 'Bascule 2025', 'Bascule 2026'") });
  }, 30_000);

  it.each([
    { args: ['availability', '--window', 'Été'], code: 'ERR_NOT_FOUND' },
    { args: ['availability', '--window', 'Bascule 2025', '--format', 'pdf'], code: 'ERR_REPORT_QUERY_INVALID' },
    { args: ['availability', '--bogus'], code: 'ERR_USAGE' },
  ])('refuses $args with $code', async ({ args, code }) => {
    await expect(runReportAvailabilityCommand(args, { store: s.store, liveness: s.config.livenessSettings, clock: s.clock, io: { write: () => {}, out: () => {} } }))
      .rejects.toThrow(expect.objectContaining({ code }));
  });
});
