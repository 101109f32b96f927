// `npm run demo [-- --seconds N --schools 300 --port 9640 --scale 3600 --days 5 --dir var/demo]`: a real
// collector (in-process, SQLite under var/demo) on an accelerated clock (default 1 real second = 1 simulated
// hour) and a simulated fleet of the académie de Poitiers posting over HTTP: heartbeats, power cuts, announced
// shutdowns, network gaps, whole-school cuts, nightly quota reports. Prints where to look. With --seconds, stops
// after N seconds and leaves the database in place; else runs until Ctrl-C.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCollectorConfig } from '../collector/config.ts';
import { enrolServer } from '../collector/enrolment.ts';
import { startCollector } from '../collector/main.ts';
import { systemClock } from '../shared/clock.ts';
import { poitiersSchools } from './demo/academie-poitiers.ts';
import { demoCollectorYaml, demoWindow } from './demo/demo-config.ts';
import { sendReports, startFleet, type DemoServer } from './demo/fleet.ts';
import { demoReport } from './demo/quota-reports.ts';
import { ScaledClock } from './demo/scaled-clock.ts';
import { buildScenario } from './demo/scenario.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' }, schools: { type: 'string', default: '300' }, port: { type: 'string', default: '9640' },
    scale: { type: 'string', default: '3600' }, days: { type: 'string', default: '5' }, dir: { type: 'string' },
  },
});
const num = (name: string, text: string | undefined, min: number): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) {
    process.stderr.write(`demo: --${name} must be a number ≥ ${min} (actual: ${text})\n`);
    process.exit(2);
  }
  return n;
};
const seconds = values.seconds === undefined ? null : num('seconds', values.seconds, 1);
const scale = num('scale', values.scale, 1);
const days = Math.round(num('days', values.days, 1));
const PERIOD_MS = 3000;
const say = (line: string): void => void process.stdout.write(`${line}\n`);

const root = resolve(import.meta.dirname, '..');
const dir = resolve(values.dir ?? join(root, 'var', 'demo'));
mkdirSync(dir, { recursive: true, mode: 0o700 });
const databasePath = join(dir, 'vigie-demo.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });

const window = demoWindow(systemClock.now(), days);
const clock = new ScaledClock({ base: systemClock, startAt: new Date(window.startMs), scale });
const adminToken = `vigie_demo_admin_${randomBytes(12).toString('base64url')}`;
const readerToken = `vigie_demo_reader_${randomBytes(12).toString('base64url')}`;
const config = loadCollectorConfig({
  file: 'demo.yaml',
  readFile: () => demoCollectorYaml({ window, adminToken, readerToken }),
  env: { VIGIE_COLLECTOR_PORT: String(num('port', values.port, 0)), VIGIE_COLLECTOR_DATABASE: databasePath, VIGIE_COLLECTOR_LOG_LEVEL: 'warn' },
});
const collector = await startCollector(config, clock);
const url = collector.url;

const schools = poitiersSchools(Math.round(num('schools', values.schools, 1)));
const servers: DemoServer[] = [];
await collector.store.transaction(async () => {
  for (const school of schools) {
    for (const machine of school.machines) {
      const { token } = await enrolServer(collector.store, { uai: school.uai, machine, name: school.name, academie: 'ac-poitiers' }, clock.now());
      const bootTimeMs = clock.now().getTime() - (3 + (servers.length % 40)) * 86_400_000;
      servers.push({ key: `${school.uai}/${machine}`, uai: school.uai, machine, school, token, bootTimeMs, sending: false });
    }
  }
});
const simPerRealMs = scale;
const horizonMs = (seconds ?? days * 86_400 / scale) * 1000 * simPerRealMs;
const scenario = buildScenario(schools, { horizonMs, minOutageMs: 3 * PERIOD_MS * simPerRealMs });
const fleet = startFleet({ url, clock, servers, scenario, periodMs: PERIOD_MS, log: say });
const scribes = servers.filter((s) => s.machine === 'scribe' && !scenario.neverConnected.has(s.key));
const reportsSent = sendReports({ url, log: say }, scribes.map((server, i) => ({ server, report: () => demoReport({ uai: server.uai, machine: server.machine, finishedAt: clock.now(), seed: i + 1 }) })), 15_000);

const windowQuery = encodeURIComponent(window.name);
say('');
say(`Vigie demo: ${schools.length} schools of the académie de Poitiers, ${servers.length} Scribe servers, collector ${url}`);
say(`Simulated clock: 1 real second = ${scale / 3600} simulated hour(s), from ${window.from} 00:00 (Europe/Paris); window « ${window.name} » ${window.from} → ${window.to}.`);
say(`Scenario: ${scenario.incidents.length} incidents (power cuts, announced shutdowns, network gaps, school-wide cuts), ${scenario.neverConnected.size} servers never connected.`);
say(`Browser pages ask for a password: any user name, password = the reader token ${readerToken}`);
say(`  status:        ${url}/status`);
say(`  availability:  ${url}/api/v1/reports/availability?window=${windowQuery}&format=html`);
say(`  quotas:        ${url}/api/v1/reports/quotas?format=html`);
say(`  metrics:       ${url}/metrics`);
say(`  servers (API): curl -H "Authorization: Bearer ${adminToken}" ${url}/api/v1/servers`);
say(`  admin token:   ${adminToken}`);
say(`  database:      ${databasePath}`);
say(seconds === null ? 'Press Ctrl-C to stop.' : `Stopping after ${seconds} s.`);

async function sayProgress(): Promise<void> {
  const states = new Map<string, number>();
  for (const row of await collector.store.liveness.list()) states.set(row.state, (states.get(row.state) ?? 0) + 1);
  const text = [...states.entries()].sort().map(([s, n]) => `${s} ${n}`).join(', ');
  say(`[${clock.now().toISOString().slice(0, 16)}Z simulated] ${text} · ${fleet.counts.ok} messages accepted, ${fleet.counts.failed} failed`);
}
let progressRunning = false;
const progress = setInterval(() => {
  if (progressRunning || stopping) return;
  progressRunning = true;
  sayProgress()
    .catch((err: unknown) => say(`progress: ${(err as Error).message}`))
    .finally(() => {
      progressRunning = false;
    });
}, 10_000);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(progress);
  fleet.stop();
  say(`Quota reports accepted: ${await Promise.race([reportsSent, new Promise<string>((r) => setTimeout(() => r('still sending'), 2000))])}.`);
  await collector.close();
  say(`Demo stopped; the database stays in ${databasePath}`);
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
if (seconds !== null) setTimeout(() => void stop(0), seconds * 1000);
