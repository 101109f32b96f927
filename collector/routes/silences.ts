/**
 * Silences API (admin token): `POST /api/v1/silences` `{ uai, machine?, startsAt?, endsAt, reason, createdBy? }`,
 * `GET /api/v1/silences` (current and future ones), `DELETE /api/v1/silences/:id`.
 */
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../deps.ts';
import { adminAuthHook } from '../plugins/admin-auth.ts';
import { addSilence, listSilences, removeSilence } from '../services/silences-service.ts';
import { AUTH_ERRORS, errorResponses, type VigieApp } from './http-schemas.ts';

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

const SilenceSchema = Type.Object(
  {
    id: Type.Integer(),
    uai: Type.String(),
    machine: Type.Union([Type.String(), Type.Null()], { description: 'null: the whole school' }),
    startsAt: Type.String({ description: 'ISO-8601 instant (UTC)' }),
    endsAt: Type.String({ description: 'ISO-8601 instant (UTC)' }),
    reason: Type.String(),
    createdBy: Type.String(),
  },
  { description: 'A silence: no notification for this school or server until endsAt' },
);

const SilenceIdParamsSchema = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'a positive integer' }) });

/** The errors of a silence write: bad body, parameter or silence (400), auth, unknown silence (404), a bug. */
const WRITE_ERRORS = errorResponses(400, ...AUTH_ERRORS, 404, 413, 415, 500);

export function registerSilenceRoutes(app: VigieApp, deps: AppDeps): void {
  const onRequest = adminAuthHook(deps.config.adminToken);

  app.post(
    '/api/v1/silences',
    { onRequest, schema: { body: SilenceBodySchema, response: { 201: SilenceSchema, ...WRITE_ERRORS } } },
    async (request, reply) => reply.status(201).send(await addSilence(deps.store, request.body, deps.clock.now())),
  );

  app.get(
    '/api/v1/silences',
    { onRequest, schema: { response: { 200: Type.Object({ silences: Type.Array(SilenceSchema) }), ...errorResponses(...AUTH_ERRORS, 500) } } },
    async () => ({ silences: await listSilences(deps.store, deps.clock.now()) }),
  );

  app.delete(
    '/api/v1/silences/:id',
    { onRequest, schema: { params: SilenceIdParamsSchema, response: { 204: Type.Null({ description: 'Removed' }), ...WRITE_ERRORS } } },
    async (request, reply) => {
      await removeSilence(deps.store, Number(request.params.id), deps.clock.now());
      return reply.status(204).send(null);
    },
  );
}
