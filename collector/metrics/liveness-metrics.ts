/**
 * Liveness metrics, filled from the store at scrape time (a restart loses nothing):
 * - `scribe_server_up{uai,server}`: 1 when online or late, 0 otherwise;
 * - `scribe_server_state{uai,server,state}`: one series per state, 1 for the current one;
 * - `scribe_server_state_since_timestamp_seconds{uai,server}`;
 * - `scribe_maintenance_window_active{uai,server,window}`: 1 while the server's school is inside the window;
 * - `scribe_maintenance_window_end_timestamp_seconds{window}`: end of each window (default dates), for dashboards;
 * - `scribe_server_outages_total{uai,server,cause}`: ended outages by final cause (an open outage is counted
 *   when it ends, so a provisional cause never makes the counter go down);
 * - `vigie_notifications_total{channel,outcome}`: deliveries `sent`, `failed` (permanent or abandoned) and
 *   attempts `retried`;
 * - `vigie_notifications_pending`: notices not yet delivered on every channel (the alert backlog).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { LIVENESS_STATES, OUTAGE_CAUSES, isUp } from '../domain/liveness-state.ts';
import { createWindowResolver, type MaintenanceWindow } from '../domain/maintenance-windows.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Store } from '../storage/store.ts';
import { sharedCollect } from './shared-collect.ts';

export interface LivenessMetricsDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly windows: readonly MaintenanceWindow[];
}

export function registerLivenessMetrics(registry: Registry, deps: LivenessMetricsDeps): void {
  const registers = [registry];
  // Every metric of this file but the pending count is filled from one read of the store, shared by their
  // collect() within a scrape (prom-client collects them concurrently).
  const collect = sharedCollect(() => fill());
  const up = new Gauge({
    name: 'scribe_server_up',
    help: 'Server up for Vigie: 1 when online or late, 0 otherwise.',
    labelNames: ['uai', 'server'],
    registers,
    collect,
  });
  const state = new Gauge({
    name: 'scribe_server_state',
    help: `Liveness state: one series per state (${LIVENESS_STATES.join('|')}), 1 for the current one.`,
    labelNames: ['uai', 'server', 'state'],
    registers,
    collect,
  });
  const since = new Gauge({ name: 'scribe_server_state_since_timestamp_seconds', help: 'When the server entered its current state (Unix time).', labelNames: ['uai', 'server'], registers, collect });
  const windowActive = new Gauge({
    name: 'scribe_maintenance_window_active',
    help: "1 while the server's school is inside the maintenance window (must stay on), 0 otherwise.",
    labelNames: ['uai', 'server', 'window'],
    registers,
    collect,
  });
  const windowEnd = new Gauge({ name: 'scribe_maintenance_window_end_timestamp_seconds', help: 'End of the maintenance window, default dates (Unix time).', labelNames: ['window'], registers, collect });
  const outages = new Counter({ name: 'scribe_server_outages_total', help: `Ended outages by final cause (${OUTAGE_CAUSES.join('|')}).`, labelNames: ['uai', 'server', 'cause'], registers, collect });
  const notifications = new Counter({ name: 'vigie_notifications_total', help: 'Notification deliveries by channel and outcome (sent|failed|retried).', labelNames: ['channel', 'outcome'], registers, collect });

  new Gauge({
    name: 'vigie_notifications_pending',
    help: 'Notices not yet delivered on every channel (the alert backlog).',
    registers,
    async collect() {
      this.set(await deps.store.outbox.pendingCount());
    },
  });

  async function fill(): Promise<void> {
    // Read everything first, then reset and set without awaiting: a scrape never sees half-filled metrics.
    const rows = await deps.store.liveness.list();
    const closedByCause = await deps.store.liveness.countClosedByCause();
    const deliveryStats = await deps.store.outbox.deliveryStats();
    for (const m of [up, state, since, windowActive, windowEnd, outages, notifications]) m.reset();
    const nowMs = deps.clock.now().getTime();
    const resolver = createWindowResolver(deps.windows);
    for (const row of rows) {
      const id = { uai: row.uai, server: row.machine };
      up.set(id, isUp(row.state) ? 1 : 0);
      for (const s of LIVENESS_STATES) state.set({ ...id, state: s }, s === row.state ? 1 : 0);
      since.set(id, row.stateSinceMs / 1000);
      if (row.state === 'retired') continue;
      const active = resolver.active(row.uai, nowMs);
      for (const range of resolver.rangesFor(row.uai)) {
        if (range !== null) windowActive.set({ ...id, window: range.name }, active?.name === range.name ? 1 : 0);
      }
    }
    for (const range of resolver.rangesFor('')) {
      if (range !== null) windowEnd.set({ window: range.name }, range.endMs / 1000);
    }
    for (const o of closedByCause) outages.inc({ uai: o.uai, server: o.machine, cause: o.cause }, o.n);
    for (const d of deliveryStats) {
      if (d.status === 'sent') notifications.inc({ channel: d.channel, outcome: 'sent' }, d.n);
      if (d.status === 'failed' || d.status === 'abandoned') notifications.inc({ channel: d.channel, outcome: 'failed' }, d.n);
      if (d.retries > 0) notifications.inc({ channel: d.channel, outcome: 'retried' }, d.retries);
    }
  }
}
