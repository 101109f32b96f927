import type { AppDeps } from '../deps.ts';
import { metricsAuthHook } from '../plugins/metrics-auth.ts';
import { errorResponses, textResponse, type VigieApp } from './http-schemas.ts';

const MetricsResponses = {
  200: textResponse('The Prometheus text exposition of the collector’s own registry', ['text/plain']),
  ...errorResponses(401, 500),
};

/** `GET /metrics`: the Prometheus exposition of the app's own Registry (behind `metrics.*` credentials when set). */
export function registerMetricsRoute(app: VigieApp, deps: AppDeps): void {
  const onRequest = metricsAuthHook(deps.config.metrics);
  app.get('/metrics', { schema: { response: MetricsResponses }, ...(onRequest ? { onRequest } : {}) }, async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.header('content-type', deps.metrics.registry.contentType).send(body);
  });
}
