// Collector-side cost of the availability report at académie scale: a fleet of servers each with a summer of
// outages and a few silences, then loading the fleet-wide report for « Bascule 2025 » and rendering it in each
// format (median of several runs). Prints one JSON line of figures last.
// Usage: npm run bench:availability-report [-- --servers 3000 --outages 30 --runs 5]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { renderAvailabilityCsv } from '../collector/reports/availability-csv.ts';
import { renderAvailabilityHtml } from '../collector/reports/availability-html.ts';
import { renderAvailabilityJson } from '../collector/reports/availability-json.ts';
import { loadAvailabilityReport } from '../collector/services/availability-report.ts';
import { enrolServer } from '../collector/enrolment.ts';
import { openDatabase } from '../collector/storage/database.ts';
import { createStore } from '../collector/storage/store.ts';
import { Value } from '@sinclair/typebox/value';
import { LivenessConfigSchema, toLivenessSettings, type LivenessConfigRaw } from '../collector/config/liveness-config.ts';
import { uaiCheckLetter } from '../shared/uai.ts';

const { values } = parseArgs({ options: { servers: { type: 'string', default: '3000' }, outages: { type: 'string', default: '30' }, runs: { type: 'string', default: '5' } } });
const SERVERS = Number(values.servers);
const OUTAGES = Number(values.outages);
const RUNS = Number(values.runs);
const CAUSES = ['shutdown', 'power_loss', 'network', 'site'] as const;
const WINDOW_START = Date.parse('2025-07-04T22:00:00Z');
const WINDOW_MS = 70 * 86_400_000;
const NOW = new Date('2025-09-20T10:00:00Z');

// Seeded with the SQLite handle itself (the store has no bulk insert of outages): same connection as the store.
const db = openDatabase(':memory:');
const store = createStore(db);
const insertOutage = db.prepare(
  `INSERT INTO outages (server_id, started_at_ms, ended_at_ms, cause, provisional, rebooted, detected_at_ms, past, not_before_ms)
   VALUES (?, ?, ?, ?, 0, ?, ?, 0, ?)`,
);
const insertSilence = db.prepare(
  `INSERT INTO silences (uai, machine, starts_at_ms, ends_at_ms, reason, created_by, created_at_ms) VALUES (?, ?, ?, ?, 'travaux', 'bench', ?)`,
);
const insertTransition = db.prepare("INSERT INTO liveness_transitions (server_id, from_state, to_state, at_ms, reason) VALUES (?, 'unknown', 'online', ?, 'first_heartbeat')");
await store.transaction(async () => {
  for (let i = 0; i < SERVERS; i += 1) {
    const digits = String(8600000 + Math.floor(i / 2)).padStart(7, '0');
    const uai = `${digits}${uaiCheckLetter(digits)}`;
    const machine = i % 2 === 0 ? 'scribe' : 'amon';
    const { id } = await enrolServer(store, { uai, machine, name: `Collège ${uai}` }, new Date('2025-06-01T08:00:00Z'));
    insertTransition.run(id, Date.parse('2025-06-01T08:05:00Z'));
    for (let k = 0; k < OUTAGES; k += 1) {
      const start = WINDOW_START - 3_600_000 + Math.floor(((k + (i % 7) / 7) * (WINDOW_MS + 7_200_000)) / OUTAGES);
      const cause = CAUSES[(i + k) % CAUSES.length]!;
      insertOutage.run(id, start, start + 60_000 * (5 + ((i * 31 + k * 17) % 300)), cause, cause === 'network' ? 0 : 1, start, start);
    }
    if (i % 10 === 0) insertSilence.run(uai, i % 20 === 0 ? null : machine, WINDOW_START + 86_400_000 * (i % 60), WINDOW_START + 86_400_000 * (i % 60) + 6 * 3_600_000, WINDOW_START);
  }
});

const liveness = Value.Default(LivenessConfigSchema, { windows: ['Bascule 2025: 2025-07-05 → 2025-09-12'] }) as LivenessConfigRaw;
const deps = { store, liveness: toLivenessSettings(liveness) };
const query = { window: { kind: 'named', name: 'Bascule 2025' }, uai: null } as const;

async function median(fn: () => unknown): Promise<{ ms: number; result: unknown }> {
  const times: number[] = [];
  let result: unknown;
  for (let r = 0; r < RUNS; r += 1) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, result };
}

const load = await median(() => loadAvailabilityReport(deps, query, NOW));
const report = load.result as Awaited<ReturnType<typeof loadAvailabilityReport>>;
const csv = await median(() => renderAvailabilityCsv(report, 'servers'));
const csvOutages = await median(() => renderAvailabilityCsv(report, 'outages'));
const json = await median(() => renderAvailabilityJson(report));
const html = await median(() => renderAvailabilityHtml(report));
const bytes = (r: { result: unknown }) => Buffer.byteLength(r.result as string);
const figures = {
  servers: SERVERS, outagesPerServer: OUTAGES, outagesInReport: report.fleet.outageCount, runs: RUNS,
  loadMs: load.ms, csvServersMs: csv.ms, csvOutagesMs: csvOutages.ms, jsonMs: json.ms, htmlMs: html.ms,
  csvServersBytes: bytes(csv), csvOutagesBytes: bytes(csvOutages), jsonBytes: bytes(json), htmlBytes: bytes(html),
  fleetAvailability: report.fleet.availability,
};
console.log(`fleet-wide availability report, ${SERVERS} servers × ${OUTAGES} outages (median of ${RUNS})`);
console.log(JSON.stringify(figures));
