// A simulated fleet for `npm run bench:ha`: one HTTP client per provisioned server, beating every
// `intervalSeconds` with its real token, to its preferred collector and, when that one cannot be reached
// (connection refused or reset, timeout, 5xx), to the other one (sticking to the one that answered, as the
// agent does). Outages are injected by silencing a server for a while, sometimes coming back with a new boot.
import { Pool } from 'undici';
import type { ProvisionedServer } from '../../test/helpers/ha-cluster.ts';
import { aHeartbeat } from '../../shared/testing/messages.ts';

export interface InjectedOutage {
  readonly uai: string;
  readonly machine: string;
  readonly fromMs: number;
  readonly untilMs: number;
  readonly reboot: boolean;
}

export interface FleetStats {
  sent: number;
  failedAttempts: number;
  /** Beats that reached no collector at all. */
  lost: number;
  failovers: number;
}

interface SimAgent extends ProvisionedServer {
  /** Index in `urls` of the collector it sticks to. */
  current: number;
  bootTimeMs: number;
  silentUntilMs: number;
  /** No new silence before this instant (the last outage must close first). */
  quietUntilMs: number;
  nextBootTimeMs: number | undefined;
  timer: NodeJS.Timeout | undefined;
}

export interface SimFleet {
  readonly stats: FleetStats;
  readonly injected: readonly InjectedOutage[];
  /** Silences one random server (not silent, not just back) for `ms`; `reboot`: it comes back with a new boot. */
  injectOutage(ms: number, reboot: boolean): InjectedOutage | undefined;
  /** Instant the last silence ends. */
  lastSilenceEndMs(): number;
  stop(): Promise<void>;
}

export function startSimFleet(opts: { servers: readonly ProvisionedServer[]; urls: readonly string[]; intervalSeconds: number; timeoutMs?: number }): SimFleet {
  const pools = opts.urls.map((u) => new Pool(u, { connections: 16, pipelining: 1, keepAliveTimeout: 10_000 }));
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const stats: FleetStats = { sent: 0, failedAttempts: 0, lost: 0, failovers: 0 };
  const injected: InjectedOutage[] = [];
  let stopped = false;
  const now0 = Date.now();
  const agents: SimAgent[] = opts.servers.map((s, i) => ({
    ...s,
    current: i % opts.urls.length,
    bootTimeMs: now0 - 3 * 86_400_000 - i * 1000,
    silentUntilMs: 0,
    quietUntilMs: 0,
    nextBootTimeMs: undefined,
    timer: undefined,
  }));

  async function post(pool: Pool, a: SimAgent, body: string): Promise<boolean> {
    try {
      const res = await pool.request({
        method: 'POST',
        path: '/api/v1/heartbeat',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await res.body.text();
      return res.statusCode < 300 || (res.statusCode < 500 && res.statusCode !== 408 && res.statusCode !== 429);
    } catch {
      return false;
    }
  }

  async function beat(a: SimAgent): Promise<void> {
    const nowMs = Date.now();
    if (nowMs < a.silentUntilMs) return;
    if (a.nextBootTimeMs !== undefined) {
      a.bootTimeMs = a.nextBootTimeMs;
      a.nextBootTimeMs = undefined;
    }
    const body = JSON.stringify(
      aHeartbeat({
        server: { uai: a.uai, machine: a.machine },
        sentAt: new Date(nowMs).toISOString(),
        intervalSeconds: opts.intervalSeconds,
        bootTime: new Date(a.bootTimeMs).toISOString(),
        uptimeSeconds: Math.round((nowMs - a.bootTimeMs) / 1000),
      }),
    );
    for (let k = 0; k < pools.length; k += 1) {
      const i = (a.current + k) % pools.length;
      if (await post(pools[i]!, a, body)) {
        stats.sent += 1;
        if (i !== a.current) {
          stats.failovers += 1;
          a.current = i;
        }
        return;
      }
      stats.failedAttempts += 1;
    }
    stats.lost += 1;
  }

  const schedule = (a: SimAgent, delayMs: number): void => {
    a.timer = setTimeout(() => {
      if (stopped) return;
      const started = Date.now();
      void beat(a).finally(() => {
        if (!stopped) schedule(a, Math.max(0, opts.intervalSeconds * 1000 - (Date.now() - started)));
      });
    }, delayMs);
  };
  // Spread over the interval: the fleet does not beat in step.
  agents.forEach((a, i) => schedule(a, Math.floor((i / agents.length) * opts.intervalSeconds * 1000)));

  return {
    stats,
    injected,
    injectOutage(ms, reboot) {
      const nowMs = Date.now();
      const free = agents.filter((a) => a.silentUntilMs <= nowMs && a.quietUntilMs <= nowMs);
      const a = free[Math.floor(Math.random() * free.length)];
      if (a === undefined) return undefined;
      a.silentUntilMs = nowMs + ms;
      a.quietUntilMs = nowMs + ms + 4 * opts.intervalSeconds * 1000;
      if (reboot) a.nextBootTimeMs = a.silentUntilMs - 2_000;
      const outage = { uai: a.uai, machine: a.machine, fromMs: nowMs, untilMs: a.silentUntilMs, reboot };
      injected.push(outage);
      return outage;
    },
    lastSilenceEndMs() {
      return Math.max(0, ...agents.map((a) => a.silentUntilMs));
    },
    async stop() {
      stopped = true;
      for (const a of agents) clearTimeout(a.timer);
      await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
    },
  };
}
