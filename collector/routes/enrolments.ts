/**
 * Pending enrolments over HTTP (admin token), the API side of `servers pending | approve | reject`:
 * `GET /api/v1/enrolments/pending`, `POST /api/v1/enrolments/:id/approve`, `POST /api/v1/enrolments/:id/reject`.
 * The audit log records the admin token's label as the actor.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { AppDeps } from '../deps.ts';
import { approveEnrolment, rejectEnrolment } from '../enrolment/server-lifecycle.ts';
import { adminAuthHook } from '../plugins/admin-auth.ts';
import { AUTH_ERRORS, errorResponses, type VigieApp } from './http-schemas.ts';

const PendingSchema = Type.Object(
  {
    id: Type.Integer({ description: 'The id to approve or reject' }),
    kind: Type.Union([Type.Literal('new'), Type.Literal('reenrol')], { description: 'reenrol: an identity already enrolled asks again' }),
    uai: Type.String(),
    machine: Type.String(),
    name: Type.String(),
    requestedAt: Type.String({ description: 'ISO-8601 instant (UTC)' }),
    source: Type.Union([Type.String(), Type.Null()], { description: 'Address the request came from' }),
  },
  { description: 'An enrolment waiting for an administrator' },
);
const ParamsSchema = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$', description: 'pending enrolment id' }) });
/** Bad id (400), auth, unknown enrolment (404), already decided or server enrolled meanwhile (409), a bug. */
const DECISION_ERRORS = errorResponses(400, ...AUTH_ERRORS, 404, 409, 500);

const actorLabel = (request: FastifyRequest): string => request.actor?.label ?? 'unknown';

export function registerEnrolmentAdminRoutes(app: VigieApp, deps: AppDeps): void {
  const onRequest = adminAuthHook(deps.config.adminToken);

  const pendingResponses = { 200: Type.Object({ pending: Type.Array(PendingSchema) }, { description: 'Enrolments waiting, oldest first' }), ...errorResponses(...AUTH_ERRORS, 500) };
  app.get('/api/v1/enrolments/pending', { onRequest, schema: { response: pendingResponses } }, async () => ({
    pending: (await deps.store.pendingEnrolments.listPending()).map((p) => ({
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
    app.post(
      `/api/v1/enrolments/:id/${decision}`,
      { onRequest, schema: { params: ParamsSchema, response: { 200: Type.Object({ message: Type.String({ description: 'What was done' }) }), ...DECISION_ERRORS } } },
      async (request) => {
        const id = Number(request.params.id);
        const now = deps.clock.now();
        try {
          const message =
            decision === 'approve'
              ? await approveEnrolment(deps.store, id, actorLabel(request), now, deps.config.enrolment.reenrolApprovalHours)
              : await rejectEnrolment(deps.store, id, actorLabel(request), now);
          return { message };
        } catch (err) {
          // ERR_NOT_FOUND is answered 404 as is; the commands' "already decided" codes are a conflict here.
          if (isAppError(err, 'ERR_USAGE') || isAppError(err, 'ERR_ENROL_EXISTS')) throw new AppError('ERR_ENROL_CONFLICT', err.message);
          throw err;
        }
      },
    );
  }
}
