import type { Registry } from 'prom-client';
import type { ServerListDeps } from './server-metrics.ts';
import { sharedCollect } from './shared-collect.ts';
import { TextFamily, labelPair } from './text-family.ts';

/**
 * Per-server UPS gauges from the last heartbeat that carried a UPS reading, filled from the store at scrape time
 * (labels `uai`, `server`, `ups` = the NUT name). A server whose agent sends no `ups` field has no series; a
 * silent server keeps its last values (its liveness says whether they are current: `scribe_server_up`).
 */
export function registerUpsMetrics(registry: Registry, deps: ServerListDeps): void {
  // The three gauges are filled from one read of the store, shared by their collect() within a scrape
  // (prom-client collects them concurrently); one series per server with a UPS, hence TextFamily (text-family.ts).
  const collect = sharedCollect(() => fill());
  const family = (name: string, help: string) => new TextFamily(name, help, 'gauge', collect, registry);
  const onBattery = family('scribe_ups_on_battery', 'The server runs on its UPS battery (NUT status OB: mains power off): 1, else 0.');
  const charge = family('scribe_ups_charge_ratio', 'UPS battery charge, 0–1 (NUT battery.charge).');
  const runtime = family('scribe_ups_runtime_seconds', 'Runtime left on the UPS battery at the current load, in seconds (NUT battery.runtime).');

  async function fill(): Promise<void> {
    // Read first, then reset and set without awaiting: a scrape never sees half-filled gauges.
    const servers = await (deps.listServers ?? deps.store.servers.list)();
    for (const m of [onBattery, charge, runtime]) m.reset();
    for (const s of servers) {
      const ups = s.lastHeartbeat?.ups;
      if (s.retiredAtMs !== null || ups === undefined) continue;
      const id = [labelPair('uai', s.uai), labelPair('server', s.machine), labelPair('ups', ups.name)].join(',');
      onBattery.add(id, ups.onBattery ? 1 : 0);
      if (ups.chargeRatio !== undefined) charge.add(id, ups.chargeRatio);
      if (ups.runtimeSeconds !== undefined) runtime.add(id, ups.runtimeSeconds);
    }
  }
}
