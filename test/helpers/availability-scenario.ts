/**
 * A fleet living through the end of « Bascule 2025 » (2025-07-05 → 2025-09-12, Europe/Paris) on a real SQLite
 * file: the collector app (inject), the real liveness services (heartbeats and events over HTTP, the sweep)
 * and a FakeClock. Servers are enrolled on 2025-09-11 at 08:00 Paris (mid-window) and heartbeat every 10 min
 * (offline after 3 missed = 30 min). Timeline (T0 = 2025-09-11T06:00Z; the window ends at T0 + 40 h):
 * - 0860021F/scribe: silent from T0+5h, back at T0+7h with a new boot time → power loss, last seen T0+4h50;
 * - 0860021F/amon: silent from T0+12h, back at T0+13h30 with the same boot time → network, last seen T0+11h50;
 * - 0170001J/scribe: announced shutdown at T0+20h05, back at T0+23h05 (silence T0+22h → T0+26h, « travaux »);
 *   then silent from T0+36h (last seen T0+35h50) and still down at the report (T0+42h);
 * - 0170002K/scribe: enrolled, never reports;
 * - 0330001X/scribe: its school is excluded from the window; shuts down at T0+3h for good.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../collector/app.ts';
import { loadCollectorConfig, type CollectorConfig } from '../../collector/config.ts';
import { enrolServer } from '../../collector/enrolment.ts';
import { createAppDeps } from '../../collector/composition.ts';
import { createLivenessSweep } from '../../collector/services/liveness-sweep.ts';
import { openDatabase, type Db } from '../../collector/storage/database.ts';
import { createStore, type Store } from '../../collector/storage/store.ts';
import { aHeartbeat, anEvent } from '../../shared/testing/messages.ts';
import { FakeClock } from '../../shared/testing/fake-clock.ts';

export const ADMIN = 'availability-admin-token-0123456789';
export const READER = 'availability-reader-token-0123456789';
export const T0 = Date.parse('2025-09-11T06:00:00Z');
export const REPORT_AT = T0 + 42 * 3_600_000;
const MIN = 60_000;
const H = 60 * MIN;

export const CONFIG_YAML = `
adminToken: ${ADMIN}
reports:
  readerToken: ${READER}
liveness:
  windows:
    - name: Bascule 2025
      from: 2025-07-05
      to: 2025-09-12
      timeZone: Europe/Paris
      exceptions:
        - { uai: 0330001X, exclude: true }
    - "Bascule 2026: 2026-07-04 → 2026-09-11"
`;

export function scenarioConfig(databasePath: string, env: Record<string, string> = {}): CollectorConfig {
  return loadCollectorConfig({ file: 'vigie.yaml', readFile: () => CONFIG_YAML, env: { VIGIE_COLLECTOR_DATABASE: databasePath, ...env } });
}

interface Actor {
  readonly uai: string;
  readonly machine: string;
  token: string;
  boot: string;
  /** Silent (no heartbeats) when this returns true for the minute since T0. */
  readonly silent: (minute: number) => boolean;
}

export interface Scenario {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly clock: FakeClock;
  readonly config: CollectorConfig;
  readonly dir: string;
  readonly dbPath: string;
  /** Closes the app and the database, keeping the file (to reopen it in a real collector). */
  release(): Promise<void>;
  /** Closes everything and removes the files. */
  close(): Promise<void>;
}

/** Builds the app on a fresh SQLite file and plays the timeline up to REPORT_AT. */
export async function playAvailabilityScenario(): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-availability-'));
  const dbPath = join(dir, 'vigie.db');
  const config = scenarioConfig(dbPath);
  const clock = new FakeClock(T0);
  const db: Db = openDatabase(dbPath);
  const store = createStore(db);
  const app = buildApp(createAppDeps(config, { clock, store }));
  await app.ready();
  const sweep = createLivenessSweep({ store, settings: config.livenessSettings });

  const at = (ms: number): string => new Date(ms).toISOString();
  const between = (from: number, to: number) => (m: number) => m >= from && m < to;
  const actors: Actor[] = [
    { uai: '0860021F', machine: 'scribe', token: '', boot: '2025-09-01T05:00:00.000Z', silent: between(5 * 60, 7 * 60) },
    { uai: '0860021F', machine: 'amon', token: '', boot: '2025-09-01T05:00:00.000Z', silent: between(12 * 60, 13 * 60 + 30) },
    { uai: '0170001J', machine: 'scribe', token: '', boot: '2025-09-01T05:00:00.000Z', silent: (m) => (m >= 20 * 60 + 5 && m < 23 * 60 + 5) || m >= 36 * 60 },
    { uai: '0330001X', machine: 'scribe', token: '', boot: '2025-09-01T05:00:00.000Z', silent: (m) => m >= 3 * 60 },
  ];
  const names: Record<string, string> = { '0860021F': 'Collège Jean Moulin', '0170001J': 'Lycée <Bellevue> & Cie', '0330001X': 'Collège Exclu', '0170002K': 'Collège Neuf' };
  for (const a of actors) a.token = (await enrolServer(store, { uai: a.uai, machine: a.machine, name: names[a.uai]! }, clock.now())).token;
  await enrolServer(store, { uai: '0170002K', machine: 'scribe', name: names['0170002K']! }, clock.now());

  const post = async (url: string, a: Actor, body: unknown) => {
    const res = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    if (res.statusCode !== 200) throw new Error(`${url} ${a.uai}/${a.machine}: ${res.statusCode} ${res.body}`);
  };
  const heartbeat = (a: Actor) => post('/api/v1/heartbeat', a, aHeartbeat({ server: { uai: a.uai, machine: a.machine }, sentAt: at(clock.now().getTime()), bootTime: a.boot, intervalSeconds: 600 }));
  const event = (a: Actor, type: 'startup' | 'shutdown') => post('/api/v1/event', a, anEvent({ server: { uai: a.uai, machine: a.machine }, type, at: at(clock.now().getTime()), sentAt: at(clock.now().getTime()), bootTime: a.boot }));

  // The announced works on 0170001J (a silence through the admin API, created at T0).
  const silence = await app.inject({
    method: 'POST', url: '/api/v1/silences', headers: { authorization: `Bearer ${ADMIN}` },
    payload: { uai: '0170001J', machine: 'scribe', startsAt: at(T0 + 22 * H), endsAt: at(T0 + 26 * H), reason: 'travaux électriques' },
  });
  if (silence.statusCode !== 201) throw new Error(`silence: ${silence.statusCode} ${silence.body}`);

  const [scribe, amon, lycee, excluded] = actors as [Actor, Actor, Actor, Actor];
  for (let m = 0; T0 + m * MIN <= REPORT_AT; m += 1) {
    clock.set(T0 + m * MIN);
    if (m === 7 * 60) scribe.boot = at(T0 + 6 * H + 50 * MIN); // it rebooted after a power cut
    if (m === 20 * 60 + 5) await event(lycee, 'shutdown');
    if (m === 3 * 60) await event(excluded, 'shutdown');
    if (m === 23 * 60 + 5) {
      lycee.boot = at(T0 + 23 * H + 3 * MIN);
      await event(lycee, 'startup');
      await heartbeat(lycee);
    }
    for (const a of [scribe, amon, lycee, excluded]) {
      if (!a.silent(m) && (m % 10 === 0 || (a === scribe && m === 7 * 60) || (a === amon && m === 13 * 60 + 30))) await heartbeat(a);
    }
    await sweep.sweepOnce(clock.now());
  }
  clock.set(REPORT_AT);
  const release = async (): Promise<void> => {
    if (!db.open) return;
    await app.close();
    await store.close();
  };
  return {
    app, store, clock, config, dir, dbPath, release,
    async close() {
      await release();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
