// Per-probe results of a server's latest report, as Prometheus exposes them (scribe_probe_*), stored with the
// report's aggregates. `consecutiveFailures` counts the server's latest reports in a row in which the probe failed:
// it is carried from the previous latest report's aggregates at ingest, so it counts reports (one a night), not
// hours, and needs no report bodies at scrape time.
import type { Report } from '../../shared/protocol/index.ts';

export interface ProbeAggregate {
  probe: string;
  ok: boolean;
  durationSeconds: number;
  /** Reports in a row, this one included, in which the probe failed (0 when it succeeded). */
  consecutiveFailures: number;
}

/** The probes of `report`, their failure streaks continued from `previous` (the prior latest report's). */
export function aggregateProbes(report: Report, previous: readonly ProbeAggregate[]): ProbeAggregate[] {
  return report.probes.map((p) => {
    const before = previous.find((q) => q.probe === p.probe)?.consecutiveFailures ?? 0;
    return { probe: p.probe, ok: p.ok, durationSeconds: p.durationMs / 1000, consecutiveFailures: p.ok ? 0 : before + 1 };
  });
}

/** The probe aggregates inside stored aggregates JSON; none when absent or from a version without them. */
export function storedProbes(aggregatesJson: string | undefined): ProbeAggregate[] {
  if (aggregatesJson === undefined) return [];
  const parsed: unknown = JSON.parse(aggregatesJson);
  const probes = typeof parsed === 'object' && parsed !== null ? (parsed as { probes?: unknown }).probes : undefined;
  return Array.isArray(probes) ? probes.filter(isProbeAggregate) : [];
}

function isProbeAggregate(v: unknown): v is ProbeAggregate {
  const p = v as Partial<ProbeAggregate> | null;
  return typeof p === 'object' && p !== null && typeof p.probe === 'string' && typeof p.consecutiveFailures === 'number';
}
