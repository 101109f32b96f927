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
import { TextFamily, labelPair } from './text-family.ts';

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
  // The per-server families are TextFamily (see text-family.ts): about 8 series per server.
  const family = (name: string, help: string) => new TextFamily(name, help, 'gauge', collect, registry);
  const up = family('scribe_server_up', 'Server up for Vigie: 1 when online or late, 0 otherwise.');
  const state = family('scribe_server_state', `Liveness state: one series per state (${LIVENESS_STATES.join('|')}), 1 for the current one.`);
  const since = family('scribe_server_state_since_timestamp_seconds', 'When the server entered its current state (Unix time).');
  const windowActive = family(
    'scribe_maintenance_window_active',
    "1 while the server's school is inside the maintenance window (must stay on), 0 otherwise.",
  );
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
    const stateLabels = LIVENESS_STATES.map((s) => [s, labelPair('state', s)] as const);
    for (const row of rows) {
      const id = `${labelPair('uai', row.uai)},${labelPair('server', row.machine)}`;
      up.add(id, isUp(row.state) ? 1 : 0);
      for (const [s, pair] of stateLabels) state.add(`${id},${pair}`, s === row.state ? 1 : 0);
      since.add(id, row.stateSinceMs / 1000);
      if (row.state === 'retired') continue;
      const active = resolver.active(row.uai, nowMs);
      // A window name listed twice keeps its first place and its last value, as a labelled gauge set twice would.
      const byWindow = new Map<string, number>();
      for (const range of resolver.rangesFor(row.uai)) {
        if (range !== null) byWindow.set(range.name, active?.name === range.name ? 1 : 0);
      }
      for (const [name, v] of byWindow) windowActive.add(`${id},${labelPair('window', name)}`, v);
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
