/**
 * Silences API (admin token): `POST /api/v1/silences` `{ uai, machine?, startsAt?, endsAt, reason, createdBy? }`,
 * `GET /api/v1/silences` (current and future ones), `DELETE /api/v1/silences/:id`.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../../shared/errors.ts';
import { adminAuthHook } from '../plugins/admin-auth.ts';
import { addSilence, listSilences, removeSilence } from '../services/silences-service.ts';

const SilenceBodySchema = Type.Object(
  {
    uai: Type.String({ description: 'School (UAI), e.g. 0860021F' }),
    machine: Type.Optional(Type.String({ description: 'Machine name; omit to silence the whole school' })),
    startsAt: Type.Optional(Type.String({ description: 'ISO-8601 start (default: now)' })),
    endsAt: Type.String({ description: 'ISO-8601 end' }),
    reason: Type.String({ maxLength: 500, description: 'Why, e.g. « travaux électriques »' }),
    createdBy: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export function registerSilenceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const onRequest = adminAuthHook(deps.config.adminToken);

  app.post<{ Body: Static<typeof SilenceBodySchema> }>('/api/v1/silences', { onRequest, schema: { body: SilenceBodySchema } }, async (request, reply) => {
    return reply.status(201).send(addSilence(deps.store, request.body, deps.clock.now()));
  });

  app.get('/api/v1/silences', { onRequest }, async () => ({ silences: listSilences(deps.store, deps.clock.now()) }));

  app.delete<{ Params: { id: string } }>('/api/v1/silences/:id', { onRequest }, async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id < 1) throw new AppError('ERR_REQUEST_INVALID', `params/id: expected a positive integer (actual: '${request.params.id}')`);
    removeSilence(deps.store, id, deps.clock.now());
    return reply.status(204).send();
  });
}
