// The collectors of the Grafana e2e test: one on SQLite, or several sharing one PostgreSQL database. Servers are
// enrolled in whichever store the collectors use, and with several collectors each simulated agent talks to one
// of them (as agents configured with different collector URLs would), so every instance ingests.
import { systemClock } from '../../../shared/clock.ts';
import { enrolServer } from '../../../collector/enrolment.ts';
import { openStore, type StoreLocation } from '../../../collector/storage/open-store.ts';
import { createFleetSimulator, type FleetSimulator, type SimServer, type SimServerSpec } from '../../helpers/fleet-simulator.ts';

/** Enrols every server in the store at `where` (SQLite file or PostgreSQL URL) and returns their tokens. */
export async function enrolFleetIn(where: StoreLocation, specs: readonly SimServerSpec[]): Promise<SimServer[]> {
  const store = await openStore(where);
  try {
    const enrolled: SimServer[] = [];
    for (const spec of specs) {
      const now = systemClock.now();
      const { token } = await enrolServer(store, { uai: spec.uai, machine: spec.machine, name: spec.name, academie: spec.academie }, now);
      enrolled.push({ ...spec, token, bootTime: new Date(now.getTime() - 3 * 86_400_000) });
    }
    return enrolled;
  } finally {
    await store.close();
  }
}

/**
 * One simulator over several collectors: server number i (in `servers` order) talks to collector i mod n. The
 * servers objects are shared, so a reboot seen by one simulator is the one its heartbeats carry.
 */
export function simulatorOverCollectors(collectorUrls: readonly string[], servers: readonly SimServer[], intervalSeconds: number): FleetSimulator {
  const sims = collectorUrls.map((collectorUrl, c) =>
    createFleetSimulator({ collectorUrl, servers: servers.filter((_s, i) => i % collectorUrls.length === c), intervalSeconds }),
  );
  const byKey = new Map<string, FleetSimulator>();
  for (const sim of sims) for (const key of sim.servers.keys()) byKey.set(key, sim);
  const simOf = (key: string): FleetSimulator => {
    const sim = byKey.get(key);
    if (sim === undefined) throw new Error(`fleet simulator: unknown server ${key}`);
    return sim;
  };
  return {
    servers: new Map(sims.flatMap((s) => [...s.servers])),
    get: (key) => simOf(key).get(key),
    heartbeat: (key, overrides) => simOf(key).heartbeat(key, overrides),
    event: (key, type) => simOf(key).event(key, type),
    report: (key, r) => simOf(key).report(key, r),
    rejectedHeartbeat: (key) => simOf(key).rejectedHeartbeat(key),
    startHeartbeats: (key) => simOf(key).startHeartbeats(key),
    stopHeartbeats: (key) => simOf(key).stopHeartbeats(key),
    reboot: (key) => simOf(key).reboot(key),
    close: () => {
      for (const sim of sims) sim.close();
    },
  };
}
