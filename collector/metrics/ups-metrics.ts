import { Gauge, type Registry } from 'prom-client';
import type { ServerListDeps } from './server-metrics.ts';
import { sharedCollect } from './shared-collect.ts';

type L = 'uai' | 'server' | 'ups';

/**
 * Per-server UPS gauges from the last heartbeat that carried a UPS reading, filled from the store at scrape time
 * (labels `uai`, `server`, `ups` = the NUT name). A server whose agent sends no `ups` field has no series; a
 * silent server keeps its last values (its liveness says whether they are current: `scribe_server_up`).
 */
export function registerUpsMetrics(registry: Registry, deps: ServerListDeps): void {
  const r = [registry];
  const labelNames = ['uai', 'server', 'ups'] as const;
  // The three gauges are filled from one read of the store, shared by their collect() within a scrape
  // (prom-client collects them concurrently).
  const collect = sharedCollect(() => fill());
  const onBattery = new Gauge<L>({
    name: 'scribe_ups_on_battery',
    help: 'The server runs on its UPS battery (NUT status OB: mains power off): 1, else 0.',
    labelNames,
    registers: r,
    collect,
  });
  const charge = new Gauge<L>({ name: 'scribe_ups_charge_ratio', help: 'UPS battery charge, 0–1 (NUT battery.charge).', labelNames, registers: r, collect });
  const runtime = new Gauge<L>({
    name: 'scribe_ups_runtime_seconds',
    help: 'Runtime left on the UPS battery at the current load, in seconds (NUT battery.runtime).',
    labelNames,
    registers: r,
    collect,
  });

  async function fill(): Promise<void> {
    // Read first, then reset and set without awaiting: a scrape never sees half-filled gauges.
    const servers = await (deps.listServers ?? deps.store.servers.list)();
    for (const m of [onBattery, charge, runtime]) m.reset();
    for (const s of servers) {
      const ups = s.lastHeartbeat?.ups;
      if (s.retiredAtMs !== null || ups === undefined) continue;
      const id = { uai: s.uai, server: s.machine, ups: ups.name };
      onBattery.set(id, ups.onBattery ? 1 : 0);
      if (ups.chargeRatio !== undefined) charge.set(id, ups.chargeRatio);
      if (ups.runtimeSeconds !== undefined) runtime.set(id, ups.runtimeSeconds);
    }
  }
}
