/**
 * The liveness loop: on start, the collector start-up grace (unless another collector on the same database
 * swept moments ago: it kept watching); then every `sweepIntervalMs`, one sweep (recorded in
 * collector_instances, so a restarting peer knows the fleet was watched) followed
 * by one dispatch, never overlapping (a tick that finds the previous one still running is skipped). Thin on
 * purpose: tests call `sweepOnce()` / `dispatchOnce()` directly with a FakeClock.
 */
import type { Clock } from '../../shared/clock.ts';
import type { GroupingSettings } from '../config/grouping-config.ts';
import type { LivenessSettings } from '../config/liveness-config.ts';
import type { Rng } from '../notifiers/backoff.ts';
import type { Notifier } from '../notifiers/notifier.ts';
import type { Store } from '../storage/store.ts';
import { createDispatcher } from './dispatcher.ts';
import { createLivenessSweep } from './liveness-sweep.ts';

export interface LivenessLoopDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: LivenessSettings;
  readonly notifiers: readonly Notifier[];
  readonly publicUrl: string;
  readonly rng?: Rng;
  /** Grouping of the e-mail and webhook notices; off when absent. */
  readonly grouping?: GroupingSettings;
  readonly log?: (level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void;
  /** This collector's name among those sharing the database (collector_instances); one per process. */
  readonly instanceId?: string;
  /** How long a claimed delivery is held before another collector may send it (config notifications.leaseSeconds). */
  readonly leaseMs?: number;
}

/**
 * Another instance that swept this recently was watching the fleet while this one was down: the heartbeats
 * kept arriving (at it), so this one must not push deadlines (which would delay real outages).
 */
export function watchedWithinMs(sweepIntervalMs: number): number {
  return Math.max(5_000, 3 * sweepIntervalMs);
}

export interface LivenessLoop {
  /** Resolves when the running tick (if any) has finished; no tick starts afterwards. */
  stop(): Promise<void>;
  /** Runs one sweep + dispatch now (what each tick does). */
  tick(): Promise<void>;
}

/**
 * Applies the start-up grace (resolves once it is stored), runs a first pass at once, then one every
 * `sweepIntervalMs`.
 */
export async function startLivenessLoop(deps: LivenessLoopDeps): Promise<LivenessLoop> {
  const sweep = createLivenessSweep({ store: deps.store, settings: deps.settings });
  const dispatcher = createDispatcher({
    store: deps.store,
    notifiers: deps.notifiers,
    publicUrl: deps.publicUrl,
    rng: deps.rng ?? Math.random,
    ...(deps.grouping ? { grouping: deps.grouping } : {}),
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
  });
  const instanceId = deps.instanceId ?? 'default';
  const startedAt = deps.clock.now();
  const othersSweptAt = await deps.store.instances.lastSweepOfOthers(instanceId);
  const watched = othersSweptAt !== null && startedAt.getTime() - othersSweptAt <= watchedWithinMs(deps.settings.sweepIntervalMs);
  const graced = watched ? 0 : await sweep.applyStartupGrace(startedAt);
  await deps.store.instances.recordSweep(instanceId, startedAt.getTime(), startedAt.getTime());
  deps.log?.('info', 'liveness loop started', {
    instanceId, graced, startupGrace: !watched, sweepIntervalMs: deps.settings.sweepIntervalMs, channels: deps.notifiers.map((n) => n.channel),
  });

  let running: Promise<void> | null = null;
  let stopped = false;

  async function tick(): Promise<void> {
    try {
      const now = deps.clock.now();
      const swept = await sweep.sweepOnce(now);
      for (const e of swept.errors) deps.log?.('error', 'liveness sweep skipped a server', e);
      await deps.store.instances.recordSweep(instanceId, startedAt.getTime(), now.getTime());
      await dispatcher.dispatchOnce(deps.clock.now());
    } catch (err) {
      deps.log?.('error', 'liveness tick failed', { err: (err as Error).stack ?? String(err) });
    }
  }

  const launch = (): void => {
    if (stopped || running !== null) return;
    running = tick().finally(() => {
      running = null;
    });
  };
  // First pass at once (overdue retries, outages due while the collector was down), then every interval.
  launch();
  const timer = setInterval(launch, deps.settings.sweepIntervalMs);

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running !== null) await running;
    },
    async tick() {
      if (running !== null) await running;
      running = tick().finally(() => {
        running = null;
      });
      await running;
    },
  };
}
