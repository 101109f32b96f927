import type { Clock } from '../shared/clock.ts';
import type { CollectorConfig } from './config.ts';
import type { AppDeps } from './deps.ts';
import { createMetrics } from './metrics/index.ts';
import type { Store } from './storage/store.ts';

/** What the caller brings: time, the opened store, and the logger (production options; `false` in tests). */
export interface AppDepsInput {
  readonly clock: Clock;
  readonly store: Store;
  readonly logger?: AppDeps['logger'];
  readonly https?: AppDeps['https'];
}

/**
 * The app's dependencies from a loaded configuration: production (`main.ts`) and the tests wire the app
 * through this one function, so both get the same settings and metrics.
 */
export function createAppDeps(config: CollectorConfig, input: AppDepsInput): AppDeps {
  const liveness = config.livenessSettings;
  const metrics = createMetrics({
    store: input.store,
    clock: input.clock,
    quotaTopUsersPerServer: config.reports.topUsersPerServer,
    livenessWindows: liveness.windows,
  });
  return { config, clock: input.clock, store: input.store, liveness, metrics, logger: input.logger ?? false, ...(input.https ? { https: input.https } : {}) };
}
