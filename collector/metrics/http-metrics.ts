import { Counter, Histogram, type Registry } from 'prom-client';

/** Push outcomes counted by `vigie_pushes_total`. */
export type PushOutcome =
  | 'accepted'
  | 'duplicate'
  | 'unauthorized'
  | 'forbidden'
  | 'invalid'
  | 'too_large'
  | 'unsupported_version';

/** The collector's own request metrics. */
export function registerHttpMetrics(registry: Registry) {
  const pushes = new Counter<'kind' | 'outcome'>({
    name: 'vigie_pushes_total',
    help: 'Pushes received from agents, by message kind and outcome.',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const durations = new Histogram<'route' | 'method' | 'status_code'>({
    name: 'vigie_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route.',
    labelNames: ['route', 'method', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { pushes, durations };
}
export type HttpMetrics = ReturnType<typeof registerHttpMetrics>;

/** Maps an answered push to its outcome label. */
export function pushOutcomeFor(statusCode: number, errorCode: string | undefined, ingest: string | null): PushOutcome {
  if (statusCode < 300) return ingest === 'duplicate' ? 'duplicate' : 'accepted';
  if (statusCode === 401) return 'unauthorized';
  if (statusCode === 403) return 'forbidden';
  if (statusCode === 413) return 'too_large';
  if (errorCode === 'ERR_SCHEMA_VERSION_UNSUPPORTED') return 'unsupported_version';
  return 'invalid';
}
