/**
 * The liveness loop: on start, the collector start-up grace; then every `sweepIntervalMs`, one sweep followed
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
  });
  const graced = await sweep.applyStartupGrace(deps.clock.now());
  deps.log?.('info', 'liveness loop started', { graced, sweepIntervalMs: deps.settings.sweepIntervalMs, channels: deps.notifiers.map((n) => n.channel) });

  let running: Promise<void> | null = null;
  let stopped = false;

  async function tick(): Promise<void> {
    try {
      const swept = await sweep.sweepOnce(deps.clock.now());
      for (const e of swept.errors) deps.log?.('error', 'liveness sweep skipped a server', e);
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
