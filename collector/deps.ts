import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../shared/clock.ts';
import type { CollectorConfig } from './config.ts';
import type { LivenessSettings } from './config/liveness-config.ts';
import type { Store } from './storage/store.ts';
import type { createMetrics } from './metrics/index.ts';

/**
 * Everything the collector's HTTP app needs. Built by {@link createAppDeps} (`composition.ts`), the one
 * function production (`main.ts`) and the tests use.
 */
export interface AppDeps {
  readonly config: CollectorConfig;
  readonly clock: Clock;
  readonly store: Store;
  /** The liveness settings, derived once when the configuration was loaded (never per request). */
  readonly liveness: LivenessSettings;
  readonly metrics: ReturnType<typeof createMetrics>;
  /** Serve HTTPS with this certificate and key (`tls.*`, read by `main.ts`); plain HTTP when absent. */
  readonly https?: { readonly cert: string; readonly key: string };
  /** Fastify logger options or instance; tests pass `false`. */
  readonly logger?: FastifyBaseLogger | boolean | Record<string, unknown>;
}
