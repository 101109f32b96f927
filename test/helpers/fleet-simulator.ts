// Simulates a fleet of Scribe servers talking to a real collector over HTTP: servers are enrolled through the
// collector's own enrolment API (real per-server tokens), then send heartbeats, life-cycle events and nightly
// reports exactly as the agent does. The test drives who stops, who shuts down, who reboots.
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Heartbeat, QuotaUser, Report, Space } from '../../shared/protocol/index.ts';
import { aHeartbeat, anEvent } from '../../shared/testing/messages.ts';
import { enrolServer } from '../../collector/enrolment.ts';
import { openDatabase } from '../../collector/storage/database.ts';
import { createStore } from '../../collector/storage/store.ts';
import { buildReport } from './report-builder.ts';
import type { UpsReading } from '../../shared/protocol/ups.ts';

export interface SimServerSpec {
  readonly uai: string;
  readonly machine: string;
  readonly name: string;
  readonly academie: string;
  /** Fraction of /home in use that the heartbeats report (default 0.4). */
  readonly homeUsed?: number;
  /** The UPS reading its heartbeats carry, if any. */
  readonly ups?: UpsReading;
}

export interface SimServer extends SimServerSpec {
  readonly token: string;
  /** Current boot time (changed by {@link FleetSimulator.reboot}). */
  bootTime: Date;
}

export interface PushResult {
  readonly status: number;
  readonly body: string;
}

export interface FleetSimulator {
  readonly servers: ReadonlyMap<string, SimServer>;
  /** The server of key `uai/machine`. */
  get(key: string): SimServer;
  heartbeat(key: string, overrides?: Partial<Heartbeat>): Promise<PushResult>;
  event(key: string, type: 'startup' | 'shutdown'): Promise<PushResult>;
  report(key: string, opts: { users?: QuotaUser[]; spaces?: Space[]; partial?: boolean; finishedAt?: Date; quotaStatus?: 'ok' | 'error' }): Promise<PushResult>;
  /** A heartbeat with a wrong token (what a misconfigured agent sends). */
  rejectedHeartbeat(key: string): Promise<PushResult>;
  /** Heartbeats every `intervalSeconds` from now on, until {@link stopHeartbeats}. */
  startHeartbeats(key: string): void;
  stopHeartbeats(key: string): void;
  /** New boot time (as after a power cut); the next heartbeats carry it. */
  reboot(key: string): void;
  /** Stops every heartbeat loop. */
  close(): void;
}

/** Enrols every server in the collector's database (before the collector starts) and returns their tokens. */
export async function enrolFleet(databasePath: string, specs: readonly SimServerSpec[], clock: Clock = systemClock): Promise<SimServer[]> {
  const store = createStore(openDatabase(databasePath));
  try {
    const enrolled: SimServer[] = [];
    for (const spec of specs) {
      const { token } = await enrolServer(store, { uai: spec.uai, machine: spec.machine, name: spec.name, academie: spec.academie }, clock.now());
      enrolled.push({ ...spec, token, bootTime: new Date(clock.now().getTime() - 3 * 86_400_000) });
    }
    return enrolled;
  } finally {
    await store.close();
  }
}

const GIB = 1024 ** 3;

export function createFleetSimulator(opts: {
  collectorUrl: string;
  servers: readonly SimServer[];
  intervalSeconds: number;
  clock?: Clock;
}): FleetSimulator {
  const clock = opts.clock ?? systemClock;
  const servers = new Map<string, SimServer>(opts.servers.map((s) => [`${s.uai}/${s.machine}`, s]));
  const loops = new Map<string, NodeJS.Timeout>();

  const get = (key: string): SimServer => {
    const s = servers.get(key);
    if (s === undefined) throw new Error(`fleet simulator: unknown server ${key}`);
    return s;
  };

  async function post(path: string, token: string, body: unknown): Promise<PushResult> {
    const res = await fetch(`${opts.collectorUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    return { status: res.status, body: await res.text() };
  }

  function heartbeatBody(s: SimServer, overrides: Partial<Heartbeat>): Heartbeat {
    const now = clock.now();
    const home = 500 * GIB;
    return aHeartbeat({
      ...(s.ups === undefined ? {} : { ups: s.ups }),
      sentAt: now.toISOString(),
      server: { uai: s.uai, machine: s.machine },
      intervalSeconds: opts.intervalSeconds,
      bootTime: s.bootTime.toISOString(),
      uptimeSeconds: Math.max(0, Math.round((now.getTime() - s.bootTime.getTime()) / 1000)),
      eole: { module: 'scribe', version: '2.8', release: '2.8.1', establishment: s.name, academy: s.academie },
      filesystems: [
        { mount: '/', device: '/dev/mapper/scribe--vg-root', fsType: 'ext4', sizeBytes: 20 * GIB, availBytes: 12 * GIB },
        {
          mount: '/home',
          device: '/dev/mapper/scribe--vg-home',
          fsType: 'ext4',
          sizeBytes: home,
          availBytes: Math.round(home * (1 - (s.homeUsed ?? 0.4))),
        },
      ],
      ...overrides,
    });
  }

  const sim: FleetSimulator = {
    servers,
    get,
    heartbeat: (key, overrides = {}) => {
      const s = get(key);
      return post('/api/v1/heartbeat', s.token, heartbeatBody(s, overrides));
    },
    event: (key, type) => {
      const s = get(key);
      const at = clock.now().toISOString();
      const body = anEvent({
        sentAt: at,
        at,
        type,
        server: { uai: s.uai, machine: s.machine },
        bootTime: s.bootTime.toISOString(),
        ...(type === 'shutdown' ? { reason: 'SIGTERM' } : {}),
      });
      return post('/api/v1/event', s.token, body);
    },
    report: (key, r) => {
      const s = get(key);
      const finishedAt = (r.finishedAt ?? clock.now()).toISOString();
      const report: Report = buildReport({
        uai: s.uai,
        machine: s.machine,
        messageId: randomUUID(),
        finishedAt,
        ...(r.users !== undefined ? { users: r.users } : {}),
        ...(r.spaces !== undefined ? { spaces: r.spaces } : {}),
        partial: r.partial ?? false,
        ...(r.quotaStatus !== undefined ? { quotaStatus: r.quotaStatus } : {}),
      });
      return post('/api/v1/report', s.token, { ...report, sentAt: clock.now().toISOString() });
    },
    rejectedHeartbeat: (key) => {
      const s = get(key);
      return post('/api/v1/heartbeat', 'not-a-valid-token-0000000000000000', heartbeatBody(s, {}));
    },
    startHeartbeats(key) {
      if (loops.has(key)) return;
      const tick = (): void => {
        sim.heartbeat(key).catch(() => undefined); // a refused or failed push is visible in the collector's metrics
      };
      tick();
      loops.set(key, setInterval(tick, opts.intervalSeconds * 1000));
    },
    stopHeartbeats(key) {
      const loop = loops.get(key);
      if (loop !== undefined) clearInterval(loop);
      loops.delete(key);
    },
    reboot(key) {
      get(key).bootTime = clock.now();
    },
    close() {
      for (const key of [...loops.keys()]) sim.stopHeartbeats(key);
    },
  };
  return sim;
}
