import { collectDefaultMetrics, type Registry } from 'prom-client';
import type { Store } from '../storage/store.ts';
import type { Clock } from '../../shared/clock.ts';
import { DEFAULT_TOP_USERS_PER_SERVER } from '../config/reports-config.ts';
import type { MaintenanceWindow } from '../domain/maintenance-windows.ts';
import { registerHttpMetrics, type HttpMetrics } from './http-metrics.ts';
import { registerLivenessMetrics } from './liveness-metrics.ts';
import { registerQuotaMetrics } from './quota-metrics.ts';
import { registerServerMetrics } from './server-metrics.ts';
import { registerSchoolMetrics } from './school-metrics.ts';
import { registerUpsMetrics } from './ups-metrics.ts';
import { TextRegistry } from './text-family.ts';
import { sharedCollect } from './shared-collect.ts';

export interface MetricsDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Largest quota users exposed per server (config `reports.topUsersPerServer`; default 10, 0 disables). */
  readonly quotaTopUsersPerServer?: number;
  /** Maintenance windows (config `liveness.windows`) for `scribe_maintenance_window_*`. */
  readonly livenessWindows?: readonly MaintenanceWindow[];
}

/**
 * Builds the app's own Registry (never prom-client's global one) with every metric concern.
 * Each concern is one file `<concern>-metrics.ts`; add its registration here.
 */
export function createMetrics(deps: MetricsDeps): { registry: Registry; http: HttpMetrics } {
  const registry = new TextRegistry();
  collectDefaultMetrics({ register: registry, prefix: 'vigie_' });
  // prom-client's three `*_active_*_total` process gauges break the `_total` = counter convention that
  // `promtool check metrics` enforces; their per-type siblings (`vigie_nodejs_active_handles` …) remain.
  for (const name of ['handles', 'requests', 'resources']) registry.removeSingleMetric(`vigie_nodejs_active_${name}_total`);
  const http = registerHttpMetrics(registry);
  // The server list (10,000 rows with their last heartbeat at the scale of an académie) is read once per
  // scrape for the three concerns that use it.
  const listServers = sharedCollect(() => deps.store.servers.list());
  registerServerMetrics(registry, { store: deps.store, listServers });
  registerUpsMetrics(registry, { store: deps.store, listServers });
  registerLivenessMetrics(registry, { store: deps.store, clock: deps.clock, windows: deps.livenessWindows ?? [] });
  registerQuotaMetrics(registry, { store: deps.store, topUsersPerServer: deps.quotaTopUsersPerServer ?? DEFAULT_TOP_USERS_PER_SERVER });
  registerSchoolMetrics(registry, { store: deps.store, clock: deps.clock, windows: deps.livenessWindows ?? [], listServers });
  return { registry, http };
}
