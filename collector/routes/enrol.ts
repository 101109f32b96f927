/**
 * `POST /api/v1/enrol` (no bearer token: the enrolment key is in the body). Rate-limited per source address
 * (`enrolment.rateLimit`, answered 429 `ERR_RATE_LIMITED`); 200 `enrolled` or 202 `pending` with the server's
 * token; 401 `ERR_ENROL_KEY_INVALID` for any bad key; 403 `ERR_ENROL_FORBIDDEN` outside the key's scope or for
 * an identity already enrolled. See docs/ENROLMENT.md.
 */
import rateLimit from '@fastify/rate-limit';
import { AppError, isAppError } from '../../shared/errors.ts';
import { EnrolRequestSchema, EnrolResponseSchema, SUPPORTED_MAJORS, parseSchemaMajor } from '../../shared/protocol/index.ts';
import type { AppDeps } from '../deps.ts';
import { enrolAgent } from '../enrolment/enrol-agent.ts';
import { clockRateLimitStore } from '../plugins/clock-rate-limit-store.ts';
import { errorResponses, type VigieApp } from './http-schemas.ts';

const nextStep = (status: 'enrolled' | 'pending', requestId?: number): string =>
  status === 'enrolled'
    ? 'enrolled: start (or restart) the agent with this token'
    : `waiting for an administrator: vigie-collector servers approve ${requestId}; pushes are refused (ERR_ENROL_PENDING) until then`;

/**
 * 200 enrolled, 202 pending; bad body or schema version (400), bad key (401), outside the key's scope or
 * already enrolled (403), body too large or not JSON (413, 415), rate-limited (429), a bug.
 */
const EnrolResponses = { 200: EnrolResponseSchema, 202: EnrolResponseSchema, ...errorResponses(400, 401, 403, 413, 415, 429, 500) };

export function registerEnrolRoutes(app: VigieApp, deps: AppDeps): void {
  const { max, windowSeconds } = deps.config.enrolment.rateLimit;
  void app.register(async (scope: VigieApp) => {
    await scope.register(rateLimit, {
      global: false,
      store: clockRateLimitStore(deps.clock),
      errorResponseBuilder: (_request, context) =>
        new AppError('ERR_RATE_LIMITED', `too many enrolment requests from this address: at most ${context.max} per ${windowSeconds} s; retry in ${Math.ceil(context.ttl / 1000)} s`),
    });
    scope.post(
      '/api/v1/enrol',
      {
        config: { rateLimit: { max, timeWindow: windowSeconds * 1000 } },
        schema: {
          body: EnrolRequestSchema,
          response: EnrolResponses,
        },
      },
      async (request, reply) => {
        const body = request.body;
        const major = parseSchemaMajor(body.schemaVersion);
        if (major === undefined || !SUPPORTED_MAJORS.includes(major)) {
          throw new AppError('ERR_SCHEMA_VERSION_UNSUPPORTED', `body/schemaVersion: major version ${body.schemaVersion} is not supported by this collector`);
        }
        try {
          const result = await enrolAgent(
            deps.store,
            { key: body.enrolmentKey, uai: body.server.uai, machine: body.server.machine, establishment: body.eole?.establishment, academie: body.eole?.academy },
            { now: deps.clock.now(), source: request.ip },
          );
          request.log.info({ server: body.server, status: result.status, source: request.ip }, 'enrolment');
          return await reply.status(result.status === 'enrolled' ? 200 : 202).send({
            status: result.status,
            token: result.token,
            server: body.server,
            school: result.school,
            ...(result.status === 'pending' ? { requestId: result.requestId } : {}),
            message: nextStep(result.status, result.status === 'pending' ? result.requestId : undefined),
          });
        } catch (err) {
          // The error handler answers the catalogue's status (401, 403); a refusal is worth a warning.
          if (isAppError(err, 'ERR_ENROL_KEY_INVALID') || isAppError(err, 'ERR_ENROL_FORBIDDEN')) {
            request.log.warn({ server: body.server, code: err.code, source: request.ip }, 'enrolment refused');
          }
          throw err;
        }
      },
    );
  });
}
