import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../deps.ts';
import { errorResponses, type VigieApp } from './http-schemas.ts';

const HealthResponses = {
  200: Type.Object({ status: Type.Literal('ok') }, { description: 'The process answers and its database is readable' }),
  503: Type.Object({ status: Type.Literal('error'), message: Type.String() }, { description: 'The database is unreadable' }),
  ...errorResponses(500),
};

/** `GET /healthz`: the process answers and its database is readable. */
export function registerHealthRoutes(app: VigieApp, deps: AppDeps): void {
  app.get('/healthz', { schema: { response: HealthResponses } }, async (_request, reply) => {
    try {
      await deps.store.ping();
      return await reply.send({ status: 'ok' });
    } catch (err) {
      app.log.error({ err }, 'health check: database unreadable');
      return reply.status(503).send({ status: 'error', message: 'database unreadable' });
    }
  });
}
