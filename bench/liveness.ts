// Liveness at fleet scale on one SQLite file: heartbeat ingest with the liveness hook, the 1-second sweep
// when nothing is due, a whole académie going dark at once (every server offline in one sweep, down notices
// queued), draining that outbox, a /metrics scrape of the liveness series, and everyone coming back.
//
//   npm run bench:liveness [-- --servers 5000]
//
// Prints one line per figure, then as its last line a JSON object with all figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { Value } from '@sinclair/typebox/value';
import { LivenessConfigSchema, toLivenessSettings, type LivenessConfigRaw } from '../collector/config/liveness-config.ts';
import { enrolServer } from '../collector/enrolment.ts';
import { registerLivenessMetrics } from '../collector/metrics/liveness-metrics.ts';
import type { Notifier } from '../collector/notifiers/notifier.ts';
import { createDispatcher } from '../collector/services/dispatcher.ts';
import { ingestHeartbeat } from '../collector/services/ingest-heartbeat.ts';
import { createLivenessSweep } from '../collector/services/liveness-sweep.ts';
import { openDatabase } from '../collector/storage/database.ts';
import type { ServerRow } from '../collector/storage/servers-repo.ts';
import { createStore } from '../collector/storage/store.ts';
import { FakeClock } from '../shared/testing/fake-clock.ts';
import { aHeartbeat } from '../shared/testing/messages.ts';
import { uaiCheckLetter } from '../shared/uai.ts';

const { values } = parseArgs({ options: { servers: { type: 'string', default: '5000' } } });
const SERVERS = Number(values.servers);

const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-liveness-'));
const db = openDatabase(join(dir, 'vigie.db'));
const store = createStore(db);
const clock = new FakeClock('2025-07-10T08:00:00Z');
const raw = Value.Default(LivenessConfigSchema, { windows: ['Bascule 2025: 2025-07-05 → 2025-09-12'] }) as LivenessConfigRaw;
const settings = toLivenessSettings(raw);
let delivered = 0;
const sink: Notifier = { channel: 'webhook', send: async () => ((delivered += 1), { status: 'sent' }) };
const sweep = createLivenessSweep({ store, settings });
const dispatcher = createDispatcher({ store, notifiers: [sink], publicUrl: 'http://bench', rng: () => 0.5 });
const registry = new Registry();
registerLivenessMetrics(registry, { store, clock, windows: settings.windows });

const servers: ServerRow[] = [];
for (let i = 0; i < SERVERS; i += 1) {
  const digits = String(860_000 + i).padStart(7, '0');
  const uai = `${digits}${uaiCheckLetter(digits)}`;
  await enrolServer(store, { uai, machine: 'scribe', name: `Collège ${i}` }, clock.now());
  servers.push((await store.servers.findByIdentity(uai, 'scribe'))!);
}

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
async function beatAll(bootTime: string): Promise<number> {
  const t0 = performance.now();
  for (const s of servers) {
    const now = clock.now();
    await ingestHeartbeat({ store, liveness: settings }, s, aHeartbeat({ server: { uai: s.uai, machine: s.machine }, sentAt: now.toISOString(), bootTime }), now);
  }
  return (performance.now() - t0) / SERVERS;
}

const firstBeatMs = await beatAll('2025-07-01T06:30:00.000Z');
clock.advance(10_000);
const idle: number[] = [];
for (let i = 0; i < 20; i += 1) {
  const t0 = performance.now();
  await sweep.sweepOnce(clock.now());
  idle.push(performance.now() - t0);
}
idle.sort((a, b) => a - b);
const idleSweepMs = Math.round(idle[10]! * 100) / 100;

clock.advance(200_000); // everyone silent for more than 3 × 60 s
let t0 = performance.now();
const dark = await sweep.sweepOnce(clock.now());
const darkSweepMs = ms(t0);
t0 = performance.now();
await dispatcher.dispatchOnce(clock.now());
while ((await store.outbox.pendingCount()) > 0) await dispatcher.dispatchOnce(clock.now());
const drainMs = ms(t0);
t0 = performance.now();
const text = await registry.metrics();
const scrapeMs = ms(t0);
const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;

clock.advance(60_000);
const returnBeatMs = await beatAll('2025-07-10T08:04:00.000Z');
while ((await store.outbox.pendingCount()) > 0) await dispatcher.dispatchOnce(clock.now());

const result = {
  servers: SERVERS,
  heartbeatIngestMs: Math.round(firstBeatMs * 1000) / 1000,
  idleSweepMs,
  darkSweepMs,
  darkTransitions: dark.transitions,
  outboxDrainMs: drainMs,
  notificationsDelivered: delivered,
  livenessScrapeMs: scrapeMs,
  livenessSeries: series,
  returnHeartbeatIngestMs: Math.round(returnBeatMs * 1000) / 1000,
};
process.stdout.write(
  [
    `servers: ${SERVERS}`,
    `heartbeat ingest incl. liveness (per heartbeat): ${result.heartbeatIngestMs} ms`,
    `sweep with nothing due (median of 20): ${idleSweepMs} ms`,
    `sweep when all go dark at once: ${darkSweepMs} ms (${dark.transitions} transitions, down notices queued)`,
    `outbox drain (no-op notifier): ${drainMs} ms for ${delivered} deliveries`,
    `liveness /metrics collect: ${scrapeMs} ms, ${series} series`,
    `heartbeat ingest when back (closes outage, queues back-online): ${result.returnHeartbeatIngestMs} ms`,
    JSON.stringify(result),
  ].join('\n') + '\n',
);
db.close();
rmSync(dir, { recursive: true, force: true });
