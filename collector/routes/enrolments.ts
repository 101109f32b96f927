/**
 * Pending enrolments over HTTP (admin token), the API side of `servers pending | approve | reject`:
 * `GET /api/v1/enrolments/pending`, `POST /api/v1/enrolments/:id/approve`, `POST /api/v1/enrolments/:id/reject`.
 * The audit log records the admin token's label as the actor.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAppError } from '../../shared/errors.ts';
import { ErrorResponseSchema } from '../../shared/protocol/index.ts';
import type { AppDeps } from '../deps.ts';
import { approveEnrolment, rejectEnrolment } from '../enrolment/server-lifecycle.ts';
import { HttpError } from '../errors.ts';
import { adminAuthHook } from '../plugins/admin-auth.ts';

const PendingSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('new'), Type.Literal('reenrol')]),
  uai: Type.String(),
  machine: Type.String(),
  name: Type.String(),
  requestedAt: Type.String(),
  source: Type.Union([Type.String(), Type.Null()]),
});
const ParamsSchema = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$', description: 'pending enrolment id' }) });
const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

const actorLabel = (request: FastifyRequest): string => request.actor?.label ?? 'unknown';

export function registerEnrolmentAdminRoutes(app: FastifyInstance, deps: AppDeps): void {
  const onRequest = adminAuthHook(deps.config.adminToken);
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get('/api/v1/enrolments/pending', { onRequest, schema: { response: { 200: Type.Object({ pending: Type.Array(PendingSchema) }), ...errors } } }, async () => ({
    pending: deps.store.pendingEnrolments.listPending().map((p) => ({
      id: p.id,
      kind: p.kind,
      uai: p.uai,
      machine: p.machine,
      name: p.name,
      requestedAt: new Date(p.requestedAtMs).toISOString(),
      source: p.source,
    })),
  }));

  for (const decision of ['approve', 'reject'] as const) {
    typed.post(
      `/api/v1/enrolments/:id/${decision}`,
      { onRequest, schema: { params: ParamsSchema, response: { 200: Type.Object({ message: Type.String() }), ...errors } } },
      async (request) => {
        const id = Number(request.params.id);
        const now = deps.clock.now();
        try {
          const message =
            decision === 'approve'
              ? approveEnrolment(deps.store, id, actorLabel(request), now, deps.config.enrolment.reenrolApprovalHours)
              : rejectEnrolment(deps.store, id, actorLabel(request), now);
          return { message };
        } catch (err) {
          if (isAppError(err, 'ERR_NOT_FOUND')) throw new HttpError('ERR_NOT_FOUND', err.message);
          if (isAppError(err, 'ERR_USAGE') || isAppError(err, 'ERR_ENROL_EXISTS')) throw new HttpError('ERR_ENROL_CONFLICT', err.message);
          throw err;
        }
      },
    );
  }
}
