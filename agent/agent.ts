import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.ts';
import type { Event, Heartbeat } from '../shared/protocol/index.ts';
import type { Sender } from './delivery/sender.ts';
import { bootTimeOf, buildEvent, buildHeartbeat } from './heartbeat/build-heartbeat.ts';
import type { AgentIdentity } from './identity/resolve-identity.ts';
import type { SystemInfo } from './system/system-info.ts';
import type { UpsProbe } from './probes/ups/ups-probe.ts';

/** Unsent life-cycle events kept for the next beat; older ones are dropped past this count. */
const MAX_PENDING_EVENTS = 20;

export interface AgentDeps {
  readonly identity: AgentIdentity;
  readonly system: SystemInfo;
  /** The UPS read with each heartbeat (in parallel with the system reading), when configured or found. */
  readonly ups?: UpsProbe;
  readonly sender: Sender;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly heartbeatIntervalSeconds: number;
  readonly heartbeatJitterRatio: number;
  /** Uniform random number in [0, 1): injected so tests are deterministic. */
  readonly random?: () => number;
  /** Called (not awaited) after a heartbeat got through: the moment to retry anything pending. */
  readonly onCollectorReachable?: () => Promise<void>;
}

export interface Agent {
  /** Builds and sends one heartbeat (after any pending events). Never throws. */
  beatOnce(): Promise<Heartbeat | undefined>;
  /** Sends `startup`, then beats every interval until `stop`. */
  start(): Promise<void>;
  /** Stops beating; with `announce`, sends a `shutdown` event first (SIGTERM: the system is going down). */
  stop(opts?: { announce?: string }): Promise<void>;
}

/** The agent's heartbeat loop and life-cycle events. Scans are scheduled separately. */
export function createAgent(deps: AgentDeps): Agent {
  const random = deps.random ?? Math.random;
  const log = deps.logger.child({ component: 'heartbeat' });
  const pending: Event[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  let lastBootTime: Date | undefined;

  async function flushEvents(): Promise<void> {
    while (pending.length > 0) {
      const ev = pending[0]!;
      const res = await deps.sender.send('event', ev);
      if (res.status === 'retryable') {
        log.warn({ type: ev.type, error: res.error }, 'event not delivered, will retry at the next beat');
        return;
      }
      if (res.status === 'rejected') log.error({ type: ev.type, code: res.code, message: res.message }, 'event rejected by the collector');
      pending.shift();
    }
  }

  function queueEvent(ev: Event): void {
    pending.push(ev);
    if (pending.length > MAX_PENDING_EVENTS) {
      const dropped = pending.shift();
      log.warn({ type: dropped?.type }, 'too many unsent events, dropped the oldest');
    }
  }

  async function beatOnce(): Promise<Heartbeat | undefined> {
    try {
      await flushEvents();
      const [reading, ups] = await Promise.all([deps.system.read(), deps.ups?.read()]);
      const now = deps.clock.now();
      lastBootTime = bootTimeOf(now, reading.uptimeSeconds);
      const hb = buildHeartbeat({ identity: deps.identity, reading, now, intervalSeconds: deps.heartbeatIntervalSeconds, ups });
      const res = await deps.sender.send('heartbeat', hb);
      if (res.status === 'sent') {
        log.debug({ outcome: res.outcome }, 'heartbeat sent');
        deps.onCollectorReachable?.().catch((err: unknown) => log.error({ err }, 'retry after heartbeat failed'));
      }
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
      queueEvent(buildEvent({ identity: deps.identity, type: 'startup', now: deps.clock.now(), bootTime }));
      log.info({ server: deps.identity.server, intervalSeconds: deps.heartbeatIntervalSeconds }, 'agent started');
      // The first beat waits a random share of the jitter window, so a whole académie coming back from a
      // power cut does not push at the same instant.
      schedule(deps.heartbeatIntervalSeconds * 1000 * deps.heartbeatJitterRatio * random());
    },
    async stop(opts = {}) {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight.catch(() => undefined);
      if (opts.announce !== undefined) {
        const bootTime = await currentBootTime().catch(() => deps.clock.now());
        queueEvent(buildEvent({ identity: deps.identity, type: 'shutdown', now: deps.clock.now(), bootTime, reason: opts.announce }));
        await flushEvents();
      }
      log.info({ announced: opts.announce ?? null }, 'agent stopped');
    },
  };
}
