import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';

/** `GET /healthz`: the process answers and its database is readable. */
export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      deps.store.db.prepare('SELECT 1').get();
      return await reply.send({ status: 'ok' });
    } catch (err) {
      app.log.error({ err }, 'health check: database unreadable');
      return reply.status(503).send({ status: 'error', message: 'database unreadable' });
    }
  });
}
