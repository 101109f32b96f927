import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.ts';
import type { Heartbeat } from '../shared/protocol/index.ts';
import type { Sender } from './delivery/sender.ts';
import { bootTimeOf, buildEvent, buildHeartbeat } from './heartbeat/build-heartbeat.ts';
import type { AgentIdentity } from './identity/resolve-identity.ts';
import type { Spool } from './spool/spool.ts';
import type { SystemInfo } from './system/system-info.ts';
import type { UpsProbe } from './probes/ups/ups-probe.ts';

/** An agent starting this soon after the boot treats it as a boot (maybe a whole département after a power cut). */
export const RECENT_BOOT_MS = 10 * 60 * 1000;

/** How long a stopping agent tries to deliver its `shutdown` event before exiting (it stays spooled). */
export const DEFAULT_SHUTDOWN_DEADLINE_MS = 3000;

export interface AgentDeps {
  readonly identity: AgentIdentity;
  readonly system: SystemInfo;
  /** The UPS read with each heartbeat (in parallel with the system reading), when configured or found. */
  readonly ups?: UpsProbe;
  /** Sends heartbeats (they never queue). */
  readonly sender: Sender;
  /** Events go through the disk spool, sent (with any pending report) before each heartbeat. */
  readonly spool: Spool;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly heartbeatIntervalSeconds: number;
  readonly heartbeatJitterRatio: number;
  /** Uniform random number in [0, 1): injected so tests are deterministic. */
  readonly random?: () => number;
  /** See {@link DEFAULT_SHUTDOWN_DEADLINE_MS}. */
  readonly shutdownDeadlineMs?: number;
}

export interface Agent {
  /** Sends what the spool holds, then builds and sends one heartbeat. Never throws. */
  beatOnce(): Promise<Heartbeat | undefined>;
  /** Spools `startup`, then beats every interval until `stop`; the first beat after a boot waits a random share of the interval. */
  start(): Promise<void>;
  /**
   * Stops beating; with `announce` (SIGTERM: the system is going down), spools a `shutdown` event first (fsync'd),
   * then tries to send it within the shutdown deadline. Unsent, it goes at the next start.
   */
  stop(opts?: { announce?: string }): Promise<void>;
}

/**
 * Delay of the first heartbeat: after a boot, a random share of the whole interval (a département coming back
 * from a power cut does not push in the same second); after a mere restart, a random share of the jitter.
 */
export function firstBeatDelayMs(args: { sinceBootMs: number; intervalSeconds: number; jitterRatio: number; random: number }): number {
  const share = args.sinceBootMs < RECENT_BOOT_MS ? 1 : args.jitterRatio;
  return args.intervalSeconds * 1000 * share * args.random;
}

function within<T>(ms: number, work: Promise<T>): Promise<T | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
    void work.then(resolve).finally(() => clearTimeout(timer));
  });
}

/** The agent's heartbeat loop and life-cycle events. Scans are scheduled separately. */
export function createAgent(deps: AgentDeps): Agent {
  const random = deps.random ?? Math.random;
  const log = deps.logger.child({ component: 'heartbeat' });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  let lastBootTime: Date | undefined;

  async function beatOnce(): Promise<Heartbeat | undefined> {
    try {
      // Oldest first: a shutdown spooled before a reboot reaches the collector before this boot's heartbeats.
      await deps.spool.flush();
      const [reading, ups] = await Promise.all([deps.system.read(), deps.ups?.read()]);
      if (reading.unansweredMounts !== undefined) log.warn({ mounts: reading.unansweredMounts }, 'filesystem size not answered in time (hung mount?), left out of this beat');
      const now = deps.clock.now();
      lastBootTime = bootTimeOf(now, reading.uptimeSeconds);
      const hb = buildHeartbeat({
        identity: deps.identity,
        reading,
        now,
        intervalSeconds: deps.heartbeatIntervalSeconds,
        spool: deps.spool.stats(),
        ups,
        lastRoundTripMs: deps.sender.lastRoundTripMs?.(),
      });
      const res = await deps.sender.send('heartbeat', hb);
      if (res.status === 'sent') log.debug({ outcome: res.outcome }, 'heartbeat sent');
      else if (res.status === 'retryable') log.warn({ error: res.error }, 'heartbeat not delivered, next beat will try again');
      else log.error({ httpStatus: res.httpStatus, code: res.code, message: res.message }, 'heartbeat rejected by the collector');
      return hb;
    } catch (err) {
      log.error({ err }, 'heartbeat failed');
      return undefined;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = beatOnce().finally(() => {
        // Beats come up to `jitterRatio` early, never late: the collector's lateness uses the interval.
        schedule(deps.heartbeatIntervalSeconds * 1000 * (1 - deps.heartbeatJitterRatio * random()));
      });
    }, delayMs);
  }

  async function currentBootTime(): Promise<Date> {
    if (lastBootTime) return lastBootTime;
    const reading = await deps.system.read();
    lastBootTime = bootTimeOf(deps.clock.now(), reading.uptimeSeconds);
    return lastBootTime;
  }

  return {
    beatOnce,
    async start() {
      const bootTime = await currentBootTime();
      await deps.spool.put('event', buildEvent({ identity: deps.identity, type: 'startup', now: deps.clock.now(), bootTime }));
      log.info({ server: deps.identity.server, intervalSeconds: deps.heartbeatIntervalSeconds }, 'agent started');
      const sinceBootMs = deps.clock.now().getTime() - bootTime.getTime();
      schedule(firstBeatDelayMs({ sinceBootMs, intervalSeconds: deps.heartbeatIntervalSeconds, jitterRatio: deps.heartbeatJitterRatio, random: random() }));
    },
    async stop(opts = {}) {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight.catch(() => undefined);
      if (opts.announce !== undefined) {
        const bootTime = await currentBootTime().catch(() => deps.clock.now());
        const now = deps.clock.now();
        await deps.spool.put('event', buildEvent({ identity: deps.identity, type: 'shutdown', now, bootTime, reason: opts.announce }));
        const outcome = await within(deps.shutdownDeadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS, deps.spool.flush({ kinds: ['event'] }));
        if (outcome !== 'empty') log.warn({ outcome, pending: deps.spool.stats().pending }, 'shutdown event kept in the spool, sent at the next start');
      }
      log.info({ announced: opts.announce ?? null }, 'agent stopped');
    },
  };
}
