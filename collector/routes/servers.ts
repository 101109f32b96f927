/**
 * `GET /api/v1/servers`: every enrolled server with its liveness (state, last seen, current outage and cause,
 * maintenance window, silence). `GET /api/v1/servers/:uai/:machine`: one server with its outages and history.
 * Both need the admin token.
 */
import type { FastifyInstance } from 'fastify';
import { toLivenessSettings } from '../config/liveness-config.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { adminAuthHook } from '../plugins/admin-auth.ts';
import { serverDetail, serverView } from '../services/server-views.ts';
import { unwatchedSchools } from '../services/school-coverage.ts';

export function registerServerRoutes(app: FastifyInstance, deps: AppDeps): void {
  const onRequest = adminAuthHook(deps.config.adminToken);
  const windows = toLivenessSettings(deps.config.liveness).windowResolver;

  app.get('/api/v1/servers', { onRequest }, async () => {
    const nowMs = deps.clock.now().getTime();
    return {
      servers: deps.store.liveness.list().map((row) => serverView(deps.store, row, windows, nowMs)),
      // Schools of the inventory with no server that has reported (none enrolled, or enrolled but never heard from).
      unwatchedSchools: unwatchedSchools(deps.store.schools.list(), deps.store.servers.list()),
    };
  });

  app.get<{ Params: { uai: string; machine: string } }>('/api/v1/servers/:uai/:machine', { onRequest }, async (request) => {
    const server = deps.store.servers.findByIdentity(request.params.uai.toUpperCase(), request.params.machine);
    const row = server && deps.store.liveness.get(server.id);
    if (row === undefined) throw new HttpError('ERR_NOT_FOUND', `server ${request.params.uai}/${request.params.machine} is not enrolled`);
    return serverDetail(deps.store, row, windows, deps.clock.now().getTime());
  });
}
