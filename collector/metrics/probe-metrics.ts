// scribe_probe_* gauges: how each probe of a server's latest report went (filled by quota-metrics.ts from the
// same read of the stored aggregates, at scrape time).
import type { Registry } from 'prom-client';
import { TextFamily, labelPair } from './text-family.ts';
import type { ProbeAggregate } from './probe-aggregates.ts';

export interface ProbeGauges {
  reset(): void;
  /** `id`: the server's escaped label pairs (`uai="…",server="…"`, see text-family.ts). */
  set(id: string, probes: readonly ProbeAggregate[]): void;
}

/** `collect`: the loader shared with the gauges that fill these ones (see `shared-collect.ts`). */
export function registerProbeGauges(registry: Registry, collect: () => Promise<void>): ProbeGauges {
  // One series per server and probe: TextFamily (see text-family.ts).
  const gauge = (name: string, help: string) => new TextFamily(name, help, 'gauge', collect, registry);
  const success = gauge('scribe_probe_success', '1 when the probe (profiles, quota, spaces) succeeded in the latest report of the server, else 0.');
  const duration = gauge('scribe_probe_duration_seconds', 'How long the probe ran in the latest report of the server.');
  const failures = gauge(
    'scribe_probe_consecutive_failures',
    'Latest reports in a row (one per nightly scan) in which the probe failed; 0 when it succeeded in the latest.',
  );
  const all = [success, duration, failures];
  return {
    reset: () => {
      for (const g of all) g.reset();
    },
    set(id, probes) {
      // A probe listed twice keeps its first place and its last figures, as a labelled gauge set twice would.
      const byName = new Map(probes.map((p) => [p.probe, p]));
      for (const [name, p] of byName) {
        const labels = `${id},${labelPair('probe', name)}`;
        success.add(labels, p.ok ? 1 : 0);
        duration.add(labels, p.durationSeconds);
        failures.add(labels, p.consecutiveFailures);
      }
    },
  };
}
