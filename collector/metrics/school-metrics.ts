import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../../shared/clock.ts';
import { createWindowResolver, type MaintenanceWindow } from '../domain/maintenance-windows.ts';
import { schoolCoverage } from '../services/school-coverage.ts';
import type { ServerListDeps } from './server-metrics.ts';
import { sharedCollect } from './shared-collect.ts';

/**
 * The inventory against what is watched, filled at scrape time:
 * - `scribe_school_info{uai,name,commune,departement,type}` 1 per open school of the inventory;
 * - `scribe_school_watched{uai}` 1 when an enrolled server of the school has reported, else 0 (no server, or
 *   enrolled but never heard from);
 * - `scribe_school_maintenance_window_active{uai,window}` 1 while the school is inside a maintenance window,
 *   so an alert can fire for an unwatched school during the window.
 */
export function registerSchoolMetrics(registry: Registry, deps: ServerListDeps & { readonly clock: Clock; readonly windows: readonly MaintenanceWindow[] }): void {
  const registers = [registry];
  // The three gauges are filled from one read of the store, shared by their collect() within a scrape
  // (prom-client collects them concurrently).
  const collect = sharedCollect(async () => {
    // Read first, then reset and set without awaiting: a scrape never sees half-filled gauges.
    const [schools, servers] = await Promise.all([deps.store.schools.list(), (deps.listServers ?? deps.store.servers.list)()]);
    watched.reset();
    info.reset();
    inWindow.reset();
    const nowMs = deps.clock.now().getTime();
    const resolver = createWindowResolver(deps.windows);
    for (const s of schoolCoverage(schools, servers)) {
      info.set({ uai: s.uai, name: s.name, commune: s.commune ?? '', departement: s.departement, type: s.type ?? '' }, 1);
      watched.set({ uai: s.uai }, s.status === 'watched' ? 1 : 0);
      const active = resolver.active(s.uai, nowMs);
      for (const range of resolver.rangesFor(s.uai)) if (range !== null) inWindow.set({ uai: s.uai, window: range.name }, active?.name === range.name ? 1 : 0);
    }
  });
  const watched = new Gauge({
    name: 'scribe_school_watched',
    help: 'A school of the inventory is watched: one of its enrolled servers has reported (1), or not (0).',
    labelNames: ['uai'],
    registers,
    collect,
  });
  const info = new Gauge({ name: 'scribe_school_info', help: 'School of the inventory (always 1); labels carry its name, commune, département and type.', labelNames: ['uai', 'name', 'commune', 'departement', 'type'], registers, collect });
  const inWindow = new Gauge({ name: 'scribe_school_maintenance_window_active', help: 'A school of the inventory inside a maintenance window (1) or not (0).', labelNames: ['uai', 'window'], registers, collect });
}
