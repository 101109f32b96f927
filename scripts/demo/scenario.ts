// What happens to the demo's fleet over the simulated period (pure, seeded): power cuts, announced shutdowns,
// network gaps (the server stays on), whole-school cuts, servers that never connect, a UPS on battery. Instants
// are simulated milliseconds from the start of the simulation.
import { seededRandom } from '../sample-tree.ts';
import type { DemoSchool } from './academie-poitiers.ts';

const H = 3_600_000;

export type IncidentKind = 'power_cut' | 'shutdown' | 'network_gap';

export interface Incident {
  readonly kind: IncidentKind;
  /** `uai/machine` of every server concerned (all of a school for a site cut). */
  readonly keys: readonly string[];
  readonly startMs: number;
  /** When the servers come back; null: still down at the end. */
  readonly endMs: number | null;
}

export interface Scenario {
  readonly incidents: readonly Incident[];
  /** Servers enrolled that never send anything (« jamais connecté »). */
  readonly neverConnected: ReadonlySet<string>;
  /** The server whose UPS runs on battery (when the protocol has it). */
  readonly upsOnBattery: string | null;
}

/**
 * Incidents start in the first 85 % of `horizonMs` (the simulated time the run covers), those that stay down in
 * its first 40 % so they are visible early; outages last longer than `minOutageMs` (the offline delay) so the
 * collector sees them.
 */
export function buildScenario(schools: readonly DemoSchool[], opts: { horizonMs: number; minOutageMs: number; seed?: number }): Scenario {
  const rnd = seededRandom(opts.seed ?? 17);
  const between = (a: number, b: number): number => a + rnd() * (b - a);
  const keys = schools.flatMap((s) => s.machines.map((m) => `${s.uai}/${m}`));
  const shuffled = [...keys];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const take = (share: number): string[] => shuffled.splice(0, Math.max(1, Math.round(keys.length * share)));
  const h = opts.horizonMs;
  const min = opts.minOutageMs;
  const incidents: Incident[] = [];
  const add = (kind: IncidentKind, k: readonly string[], stays: boolean, minMs: number, maxMs: number): void => {
    const startMs = stays ? between(0.1 * h, 0.4 * h) : between(0.1 * h, 0.85 * h);
    incidents.push({ kind, keys: k, startMs, endMs: stays ? null : startMs + between(minMs, maxMs) });
  };
  const neverConnected = new Set(take(0.02));
  take(0.06).forEach((k, i) => add('power_cut', [k], i % 6 === 0, min * 1.2, Math.max(min * 1.5, 30 * H)));
  take(0.04).forEach((k, i) => add('shutdown', [k], i % 5 === 0, 2 * H, 24 * H));
  take(0.05).forEach((k) => add('network_gap', [k], false, min * 1.2, Math.max(min * 1.5, 18 * H)));
  const pairs = schools.filter((s) => s.machines.length > 1 && s.machines.every((m) => shuffled.includes(`${s.uai}/${m}`))).slice(0, 3);
  for (const s of pairs) add('power_cut', s.machines.map((m) => `${s.uai}/${m}`), false, min * 1.5, Math.max(min * 2, 20 * H));
  return { incidents: incidents.sort((a, b) => a.startMs - b.startMs), neverConnected, upsOnBattery: shuffled[0] ?? null };
}
