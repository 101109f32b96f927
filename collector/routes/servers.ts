/**
 * `GET /api/v1/servers`: every enrolled server with its liveness (state, last seen, current outage and cause,
 * maintenance window, silence), and `unwatchedSchools`, the inventory's schools left unwatched. `GET /api/v1/servers/:uai/:machine`: one server with its outages and history.
 * Both need the admin token.
 */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../shared/errors.ts';
import type { AppDeps } from '../deps.ts';
import { adminAuthHook } from '../plugins/admin-auth.ts';
import { serverDetail, serverView, type ServerView } from '../services/server-views.ts';
import { unwatchedSchools } from '../services/school-coverage.ts';
import { AUTH_ERRORS, errorResponses, type VigieApp } from './http-schemas.ts';
import { ServerDetailSchema, ServerListSchema } from './server-schemas.ts';

const ServerParamsSchema = Type.Object({
  uai: Type.String({ description: 'School (UAI), any case' }),
  machine: Type.String({ description: 'Machine name' }),
});

export function registerServerRoutes(app: VigieApp, deps: AppDeps): void {
  const onRequest = adminAuthHook(deps.config.adminToken);
  const windows = deps.liveness.windowResolver;

  app.get('/api/v1/servers', { onRequest, schema: { response: { 200: ServerListSchema, ...errorResponses(...AUTH_ERRORS, 500) } } }, async () => {
    const nowMs = deps.clock.now().getTime();
    const servers: ServerView[] = [];
    for (const row of await deps.store.liveness.list()) servers.push(await serverView(deps.store, row, windows, nowMs));
    return {
      servers,
      // Schools of the inventory with no server that has reported (none enrolled, or enrolled but never heard from).
      unwatchedSchools: unwatchedSchools(await deps.store.schools.list(), await deps.store.servers.list()),
    };
  });

  app.get(
    '/api/v1/servers/:uai/:machine',
    { onRequest, schema: { params: ServerParamsSchema, response: { 200: ServerDetailSchema, ...errorResponses(400, ...AUTH_ERRORS, 404, 500) } } },
    async (request) => {
      const server = await deps.store.servers.findByIdentity(request.params.uai.toUpperCase(), request.params.machine);
      const row = server && (await deps.store.liveness.get(server.id));
      if (row === undefined) throw new AppError('ERR_NOT_FOUND', `server ${request.params.uai}/${request.params.machine} is not enrolled`);
      return serverDetail(deps.store, row, windows, deps.clock.now().getTime());
    },
  );
}
