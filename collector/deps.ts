import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../shared/clock.ts';
import type { CollectorConfig } from './config.ts';
import type { Store } from './storage/store.ts';
import type { createMetrics } from './metrics/index.ts';

/** Everything the collector's HTTP app needs, built by the composition root (`main.ts`) or a test. */
export interface AppDeps {
  readonly config: CollectorConfig;
  readonly clock: Clock;
  readonly store: Store;
  readonly metrics: ReturnType<typeof createMetrics>;
  /** Fastify logger options or instance; tests pass `false`. */
  readonly logger?: FastifyBaseLogger | boolean | Record<string, unknown>;
}
