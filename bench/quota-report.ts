// Collector-side cost of quota reports at académie scale: storing a large report, a /metrics scrape over the
// whole fleet, and building/rendering the fleet-wide quota report. Prints one JSON line of figures last.
// Usage: npm run bench:quota-report [-- --servers 200 --users 1000]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Registry } from 'prom-client';
import { registerQuotaMetrics } from '../collector/metrics/quota-metrics.ts';
import { renderQuotaCsv } from '../collector/reports/quota-csv.ts';
import { renderQuotaHtml } from '../collector/reports/quota-html.ts';
import { loadQuotaReport } from '../collector/services/quota-report.ts';
import { ingestReport } from '../collector/services/ingest-report.ts';
import { openDatabase } from '../collector/storage/database.ts';
import { createStore } from '../collector/storage/store.ts';
import { FakeClock } from '../shared/testing/fake-clock.ts';
import type { Profile, QuotaUser, Space } from '../shared/protocol/index.ts';
import { buildReport, quotaUser, space } from '../test/helpers/report-builder.ts';

const { values } = parseArgs({ options: { servers: { type: 'string', default: '200' }, users: { type: 'string', default: '1000' } } });
const SERVERS = Number(values.servers);
const USERS = Number(values.users);
const PROFILES: Profile[] = ['eleve', 'eleve', 'eleve', 'eleve', 'enseignant', 'administratif'];

function schoolReport(uai: string, finishedAt: string) {
  const users: QuotaUser[] = [];
  const spaces: Space[] = [];
  for (let i = 0; i < USERS; i += 1) {
    const login = `user${String(i).padStart(5, '0')}`;
    const profile = PROFILES[i % PROFILES.length]!;
    const used = (i * 7919) % 400;
    users.push(quotaUser(login, { usedMiB: used, limitMiB: profile === 'eleve' ? 300 : null, profile, status: used > 300 ? 'over_hard' : 'ok' }));
    spaces.push(space('perso', login, { apparentMiB: used * 0.8, gt3yShare: (i % 10) / 10, profile }));
  }
  for (let c = 0; c < 40; c += 1) {
    spaces.push(space('classe_donnees', `C${c}`, { apparentMiB: 200 }), space('classe_travail', `C${c}`, { apparentMiB: 100 }));
  }
  return buildReport({ uai, finishedAt, users, spaces });
}

const uaiOf = (i: number) => `${String(8600000 + i).padStart(7, '0')}A`;
const clock = new FakeClock('2025-07-10T03:00:00Z');
const store = createStore(openDatabase(':memory:'));
const config = { reports: { snapshotRetentionDays: 400, largestSpaces: 20, htmlMaxUserRows: 5000 } };

const sample = schoolReport(uaiOf(0), '2025-07-10T02:30:00.000Z');
const rawBytes = Buffer.byteLength(JSON.stringify(sample));
const gzBytes = gzipSync(JSON.stringify(sample)).length;

const ingestMs: number[] = [];
for (let s = 0; s < SERVERS; s += 1) {
  const uai = uaiOf(s);
  const id = await store.servers.add({ uai, machine: 'scribe', name: `Collège ${s}`, tokenHash: `h${s}`, enrolledAtMs: 0 });
  const report = s === 0 ? sample : schoolReport(uai, '2025-07-10T02:30:00.000Z');
  const server = (await store.servers.findById(id))!;
  const t0 = performance.now();
  await ingestReport({ store, config }, server, report, clock.now());
  ingestMs.push(performance.now() - t0);
}
ingestMs.sort((a, b) => a - b);

const registry = new Registry();
registerQuotaMetrics(registry, { store, topUsersPerServer: 10 });
await registry.metrics(); // warm
let t0 = performance.now();
const exposition = await registry.metrics();
const scrapeMs = performance.now() - t0;

t0 = performance.now();
const fleet = await loadQuotaReport({ store, config }, { uai: null, since: '2025-07-10' }, clock.now());
const fleetBuildMs = performance.now() - t0;
t0 = performance.now();
const csv = renderQuotaCsv(fleet);
const csvMs = performance.now() - t0;
t0 = performance.now();
const html = renderQuotaHtml(fleet, { maxUserRows: 5000 });
const htmlMs = performance.now() - t0;
t0 = performance.now();
await loadQuotaReport({ store, config }, { uai: uaiOf(1), since: null }, clock.now());
const schoolBuildMs = performance.now() - t0;

const figures = {
  servers: SERVERS,
  usersPerServer: USERS,
  reportJsonBytes: rawBytes,
  reportGzipBytes: gzBytes,
  ingestMedianMs: Number(ingestMs[Math.floor(ingestMs.length / 2)]!.toFixed(1)),
  ingestP95Ms: Number(ingestMs[Math.floor(ingestMs.length * 0.95)]!.toFixed(1)),
  scrapeMs: Number(scrapeMs.toFixed(1)),
  quotaSeries: exposition.split('\n').filter((l) => /^scribe_(quota|space|scan|report)_/.test(l)).length,
  schoolReportBuildMs: Number(schoolBuildMs.toFixed(1)),
  fleetReportBuildMs: Number(fleetBuildMs.toFixed(1)),
  fleetCsvMs: Number(csvMs.toFixed(1)),
  fleetCsvBytes: Buffer.byteLength(csv),
  fleetHtmlMs: Number(htmlMs.toFixed(1)),
  fleetHtmlBytes: Buffer.byteLength(html),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
