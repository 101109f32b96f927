// The context a scan gives its probes (agent/probes/probe.ts), for tests that run one probe by itself.
import type { ProbeContext } from '../../agent/probes/probe.ts';

export function probeContext(over: Partial<ProbeContext> = {}): ProbeContext {
  return { now: new Date('2026-11-29T12:00:00Z'), budgetMs: 60_000, signal: new AbortController().signal, ...over };
}
