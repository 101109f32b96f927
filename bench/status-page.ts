// Cost of the status page « État du parc Scribe » at académie scale: a fleet (two servers per school) driven by
// the real ingest and liveness sweep (FakeClock) so that a share is offline with an open outage, then
// `GET /status` through inject (auth, server views, view model, HTML) timed over several runs (median).
// Prints one JSON line of figures last.
// Usage: npm run bench:status-page [-- --servers 3000 --down 0.1 --runs 9]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../collector/app.ts';
import { loadCollectorConfig } from '../collector/config.ts';
import { enrolServer } from '../collector/enrolment.ts';
import { createAppDeps } from '../collector/composition.ts';
import { createLivenessSweep } from '../collector/services/liveness-sweep.ts';
import { openDatabase } from '../collector/storage/database.ts';
import { createStore } from '../collector/storage/store.ts';
import { aHeartbeat } from '../shared/testing/messages.ts';
import { FakeClock } from '../shared/testing/fake-clock.ts';
import { uaiCheckLetter } from '../shared/uai.ts';

const { values } = parseArgs({ options: { servers: { type: 'string', default: '3000' }, down: { type: 'string', default: '0.1' }, runs: { type: 'string', default: '9' } } });
const SERVERS = Number(values.servers);
const DOWN = Number(values.down);
const RUNS = Number(values.runs);
const READER = 'bench-reader-token-0123456789';

const config = loadCollectorConfig({
  file: 'bench.yaml',
  readFile: () => `reports: { readerToken: ${READER} }\nliveness: { windows: ["Bascule 2025: 2025-07-05 → 2025-09-12"] }\n`,
  env: { VIGIE_COLLECTOR_DATABASE: ':memory:' },
});
const clock = new FakeClock('2025-07-10T08:00:00Z');
const store = createStore(openDatabase(':memory:'));
const app = buildApp(createAppDeps(config, { clock, store }));
await app.ready();

const fleet: { uai: string; machine: string; token: string }[] = [];
await store.transaction(async () => {
  for (let i = 0; i < SERVERS; i += 1) {
    const digits = String(8600000 + Math.floor(i / 2)).padStart(7, '0');
    const uai = `${digits}${uaiCheckLetter(digits)}`;
    const machine = i % 2 === 0 ? 'scribe' : 'amon';
    const academie = ['ac-poitiers', 'ac-bordeaux', 'ac-limoges'][Math.floor(i / 2) % 3]!;
    fleet.push({ uai, machine, token: (await enrolServer(store, { uai, machine, name: `Collège ${uai}`, academie }, clock.now())).token });
  }
});
async function beat(s: (typeof fleet)[number]): Promise<void> {
  const hb = aHeartbeat({ server: { uai: s.uai, machine: s.machine }, sentAt: clock.now().toISOString() });
  await app.inject({ method: 'POST', url: '/api/v1/heartbeat', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, payload: JSON.stringify(hb) });
}
const downCount = Math.round(SERVERS * DOWN);
for (const s of fleet.slice(0, downCount)) await beat(s);
clock.advance(15 * 60_000);
for (const s of fleet.slice(downCount)) await beat(s);
await createLivenessSweep({ store, settings: config.livenessSettings }).sweepOnce(clock.now());

const headers = { authorization: `Basic ${Buffer.from(`bench:${READER}`).toString('base64')}` };
const times: number[] = [];
let bytes = 0;
for (let r = 0; r < RUNS; r += 1) {
  const t = performance.now();
  const res = await app.inject({ method: 'GET', url: '/status', headers });
  times.push(performance.now() - t);
  if (res.statusCode !== 200) throw new Error(`GET /status answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
  bytes = Buffer.byteLength(res.body);
}
times.sort((a, b) => a - b);
const one = await app.inject({ method: 'GET', url: `/status?uai=${fleet[0]!.uai}`, headers });
const tOne = performance.now();
await app.inject({ method: 'GET', url: `/status?uai=${fleet[0]!.uai}`, headers });
const oneMs = performance.now() - tOne;
await app.close();
console.log(JSON.stringify({
  bench: 'status-page', servers: SERVERS, down: downCount, runs: RUNS,
  fleetMedianMs: Number(times[Math.floor(RUNS / 2)]!.toFixed(1)), fleetMaxMs: Number(times[RUNS - 1]!.toFixed(1)), fleetHtmlBytes: bytes,
  oneSchoolMs: Number(oneMs.toFixed(2)), oneSchoolHtmlBytes: Buffer.byteLength(one.body), node: process.version,
}));
