/**
 * The grouping scenario's fleet: 40 servers in 12 schools of 3 communes (Poitiers, Niort, Châtellerault), plus
 * one school elsewhere that stays up, an inventory lookup for them, and the drivers that take the 40 down within
 * 20 s and back, on a liveness harness (heartbeat every second, offline after 2 s).
 */
import type { SchoolPlaceLookup } from '../../collector/domain/school-place.ts';
import { uaiCheckLetter } from '../../shared/uai.ts';
import type { Harness } from './liveness-harness.ts';

export interface FleetServer {
  readonly uai: string;
  readonly machine: string;
}

const MACHINES = ['scribe', 'amon', 'horus', 'eclair'];
const COMMUNES = [
  { name: 'Poitiers', prefix: '086', schools: 5 },
  { name: 'Niort', prefix: '079', schools: 4 },
  { name: 'Châtellerault', prefix: '086', schools: 3 },
];

function uai(prefix: string, n: number): string {
  const digits = `${prefix}${String(n).padStart(4, '0')}`;
  return `${digits}${uaiCheckLetter(digits)}`;
}

const schools: { uai: string; commune: string; departement: string }[] = [];
COMMUNES.forEach((c, ci) => {
  for (let i = 0; i < c.schools; i += 1) schools.push({ uai: uai(c.prefix, 100 * (ci + 1) + i), commune: c.name, departement: c.prefix.slice(1) });
});

/** 12 schools: 4 schools with 4 servers, 8 with 3 (40 servers). */
export const INCIDENT_SERVERS: readonly FleetServer[] = schools.flatMap((s, i) =>
  MACHINES.slice(0, i < 4 ? 4 : 3).map((machine) => ({ uai: s.uai, machine })),
);
export const INCIDENT_SCHOOLS = schools.length;
/** A school of another département that stays online through the incident. */
export const BYSTANDER: FleetServer = { uai: uai('017', 900), machine: 'scribe' };

/** The inventory: commune and département of the incident's schools (nothing for the bystander). */
export const fleetLookup: SchoolPlaceLookup = (code) => {
  const s = schools.find((x) => x.uai === code);
  return s === undefined ? undefined : { commune: s.commune, departement: s.departement };
};

/** Enrols the 40 servers and the bystander, and lets them report once. */
export async function enrolFleet(h: Harness): Promise<void> {
  for (const s of [...INCIDENT_SERVERS, BYSTANDER]) {
    await h.enrol(s.uai, s.machine);
    await h.heartbeat(s.uai, s.machine);
  }
}

/**
 * Runs `ms` of fake time in `stepMs` steps; every step, the servers `alive(index, nowMs)` says are up send a
 * heartbeat (with `bootTime`, if given), the bystander always.
 */
export async function runFleet(h: Harness, ms: number, alive: (i: number, nowMs: number) => boolean, bootTime?: string, stepMs = 500): Promise<void> {
  await h.run(ms, stepMs, () => beatFleet(h, alive, bootTime));
}

/** One heartbeat from every server `alive` says is up, and from the bystander. */
export async function beatFleet(h: Harness, alive: (i: number, nowMs: number) => boolean, bootTime?: string): Promise<void> {
  const now = h.clock.now().getTime();
  await h.heartbeat(BYSTANDER.uai, BYSTANDER.machine);
  for (const [i, s] of INCIDENT_SERVERS.entries()) {
    if (alive(i, now)) await h.heartbeat(s.uai, s.machine, bootTime === undefined ? {} : { bootTime });
  }
}

/** The 40 servers fall silent one every 500 ms from `startMs` (all within 20 s). */
export function silentWithin20s(startMs: number): (i: number, nowMs: number) => boolean {
  return (i, nowMs) => nowMs - startMs < i * 500;
}
