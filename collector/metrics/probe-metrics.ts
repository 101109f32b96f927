// scribe_probe_* gauges: how each probe of a server's latest report went (filled by quota-metrics.ts from the
// same read of the stored aggregates, at scrape time).
import { Gauge, type Registry } from 'prom-client';
import type { ProbeAggregate } from './probe-aggregates.ts';

type L = 'uai' | 'server' | 'probe';

export interface ProbeGauges {
  reset(): void;
  set(id: { uai: string; server: string }, probes: readonly ProbeAggregate[]): void;
}

/** `collect`: the loader shared with the gauges that fill these ones (see `shared-collect.ts`). */
export function registerProbeGauges(registry: Registry, collect?: () => Promise<void>): ProbeGauges {
  const gauge = (name: string, help: string) =>
    new Gauge<L>({ name, help, labelNames: ['uai', 'server', 'probe'], registers: [registry], ...(collect === undefined ? {} : { collect }) });
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
      for (const p of probes) {
        const labels = { ...id, probe: p.probe };
        success.set(labels, p.ok ? 1 : 0);
        duration.set(labels, p.durationSeconds);
        failures.set(labels, p.consecutiveFailures);
      }
    },
  };
}
