import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';

/** `GET /metrics`: the Prometheus exposition of the app's own Registry. */
export function registerMetricsRoute(app: FastifyInstance, deps: AppDeps): void {
  app.get('/metrics', async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.header('content-type', deps.metrics.registry.contentType).send(body);
  });
}
