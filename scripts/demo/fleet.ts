// The demo's simulated fleet: every server posts heartbeats over HTTP on the scaled clock (one every
// `periodMs` of real time, announcing the matching simulated interval), plays the scenario's incidents (silence,
// shutdown event, new boot time and startup event after a power cut, same boot time after a network gap), and
// sends one nightly report per school.
import { randomUUID } from 'node:crypto';
import { HeartbeatSchema, SCHEMA_VERSION, type Event, type Heartbeat, type Report } from '../../shared/protocol/index.ts';
import type { DemoSchool } from './academie-poitiers.ts';
import type { Incident, Scenario } from './scenario.ts';
import type { ScaledClock } from './scaled-clock.ts';
import type { UpsReading } from '../../shared/protocol/ups.ts';

const GIB = 1024 ** 3;
/** What the demo's UPS on battery reports (a NUT reading: on battery, 72 % charge, 21 min left). */
const UPS_ON_BATTERY: UpsReading = { name: 'onduleur@localhost', status: ['OB', 'DISCHRG'], onBattery: true, lowBattery: false, chargeRatio: 0.72, runtimeSeconds: 1260 };

export interface DemoServer {
  readonly key: string;
  readonly uai: string;
  readonly machine: string;
  readonly school: DemoSchool;
  readonly token: string;
  bootTimeMs: number;
  sending: boolean;
}

export interface FleetDeps {
  readonly url: string;
  readonly clock: ScaledClock;
  readonly servers: readonly DemoServer[];
  readonly scenario: Scenario;
  /** Real milliseconds between two heartbeats of a server. */
  readonly periodMs: number;
  readonly log: (line: string) => void;
}

export interface RunningFleet {
  /** Posts are counted to show the demo is alive. */
  readonly counts: { ok: number; failed: number };
  stop(): void;
}

const envelope = (s: DemoServer, sentAt: string) => ({ schemaVersion: SCHEMA_VERSION, messageId: randomUUID(), sentAt, server: { uai: s.uai, machine: s.machine }, agentVersion: '0.1.0' });

export function startFleet(deps: FleetDeps): RunningFleet {
  const counts = { ok: 0, failed: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const intervalSeconds = Math.round((deps.periodMs * deps.clock.scale) / 1000);
  const protocolHasUps = 'ups' in HeartbeatSchema.properties;
  let upsAccepted = protocolHasUps;
  if (deps.scenario.upsOnBattery !== null && !protocolHasUps) deps.log('UPS on battery: the heartbeat protocol has no ups field yet, skipped.');

  async function post(s: DemoServer, path: string, body: unknown): Promise<number> {
    try {
      const res = await fetch(`${deps.url}${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.ok) counts.ok += 1;
      else counts.failed += 1;
      return res.status;
    } catch {
      counts.failed += 1;
      return 0;
    }
  }

  function heartbeat(s: DemoServer): void {
    if (!s.sending) return;
    const now = deps.clock.now();
    const used = 0.25 + ((s.uai.charCodeAt(6) + s.machine.length) % 10) / 20;
    const hb: Heartbeat = {
      ...envelope(s, now.toISOString()), intervalSeconds, bootTime: new Date(s.bootTimeMs).toISOString(),
      uptimeSeconds: Math.max(0, Math.round((now.getTime() - s.bootTimeMs) / 1000)),
      eole: { module: 'scribe', version: '2.9', release: '2.9.0', establishment: s.school.name, academy: 'ac-poitiers' },
      load: { load1: 0.3, load5: 0.25, load15: 0.2 }, memory: { totalBytes: 16 * GIB, availableBytes: 9 * GIB },
      filesystems: [
        { mount: '/', device: '/dev/mapper/scribe--vg-root', fsType: 'ext4', sizeBytes: 40 * GIB, availBytes: 25 * GIB },
        { mount: '/home', device: '/dev/mapper/scribe--vg-home', fsType: 'ext4', sizeBytes: 1000 * GIB, availBytes: Math.round(1000 * GIB * (1 - used)) },
      ],
      ...(upsAccepted && s.key === deps.scenario.upsOnBattery ? { ups: UPS_ON_BATTERY } : {}),
    };
    void post(s, '/api/v1/heartbeat', hb).then((status) => {
      if (status === 400 && 'ups' in hb && upsAccepted) {
        upsAccepted = false;
        deps.log('UPS on battery: the collector refused the demo\'s ups value, skipped.');
      }
    });
  }

  function event(s: DemoServer, type: 'startup' | 'shutdown'): void {
    const at = deps.clock.now().toISOString();
    const body: Event = { ...envelope(s, at), type, at, bootTime: new Date(s.bootTimeMs).toISOString(), ...(type === 'shutdown' ? { reason: 'SIGTERM' } : {}) };
    void post(s, '/api/v1/event', body);
  }

  const byKey = new Map(deps.servers.map((s) => [s.key, s]));
  const at = (simMs: number, action: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      action();
    }, deps.clock.realDelayUntil(simMs));
    timers.add(t);
  };
  const startMs = deps.clock.now().getTime();

  function play(incident: Incident): void {
    const servers = incident.keys.map((k) => byKey.get(k)).filter((s): s is DemoServer => s !== undefined);
    at(startMs + incident.startMs, () => {
      for (const s of servers) {
        if (incident.kind === 'shutdown') event(s, 'shutdown');
        s.sending = false;
      }
    });
    if (incident.endMs === null) return;
    at(startMs + incident.endMs, () => {
      for (const s of servers) {
        s.sending = true;
        if (incident.kind !== 'network_gap') {
          s.bootTimeMs = deps.clock.now().getTime() - 90_000; // booted a minute and a half ago
          event(s, 'startup');
        }
        heartbeat(s);
      }
    });
  }

  for (const s of deps.servers) {
    if (deps.scenario.neverConnected.has(s.key)) continue;
    s.sending = true;
    const first = setTimeout(() => {
      timers.delete(first);
      heartbeat(s);
      const loop = setInterval(() => heartbeat(s), deps.periodMs);
      timers.add(loop);
    }, Math.random() * deps.periodMs);
    timers.add(first);
  }
  for (const incident of deps.scenario.incidents) play(incident);
  return {
    counts,
    stop() {
      for (const t of timers) clearTimeout(t); // clears intervals too
      timers.clear();
    },
  };
}

/** Posts one report per server (spread over `spreadMs` of real time), from the servers that are on. */
export function sendReports(deps: Pick<FleetDeps, 'url' | 'log'>, reports: ReadonlyArray<{ server: DemoServer; report: () => Report }>, spreadMs: number): Promise<number> {
  let accepted = 0;
  const jobs = reports.map(({ server, report }, i) => new Promise<void>((done) => {
    setTimeout(() => {
      fetch(`${deps.url}/api/v1/report`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` }, body: JSON.stringify(report()),
        signal: AbortSignal.timeout(30_000),
      }).then(async (res) => {
        await res.arrayBuffer();
        if (res.ok) accepted += 1;
      }).catch(() => undefined).finally(done);
    }, (i / Math.max(1, reports.length)) * spreadMs);
  }));
  return Promise.all(jobs).then(() => accepted);
}
