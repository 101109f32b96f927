import type { AppDeps } from '../deps.ts';
import { TextRegistry } from '../metrics/text-family.ts';
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
    const registry = deps.metrics.registry;
    reply.header('content-type', registry.contentType);
    if (!(registry instanceof TextRegistry)) return reply.send(await registry.metrics());
    // The same text as UTF-8 bytes (see TextRegistry.metricsBuffer); Fastify sends a Buffer as is, the schema's
    // string type describes the text it carries.
    return reply.send((await registry.metricsBuffer()) as unknown as string);
  });
}
