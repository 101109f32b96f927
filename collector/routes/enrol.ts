/**
 * `POST /api/v1/enrol` (no bearer token: the enrolment key is in the body). Rate-limited per source address
 * (`enrolment.rateLimit`, answered 429 `ERR_RATE_LIMITED`); 200 `enrolled` or 202 `pending` with the server's
 * token; 401 `ERR_ENROL_KEY_INVALID` for any bad key; 403 `ERR_ENROL_FORBIDDEN` outside the key's scope or for
 * an identity already enrolled. See docs/ENROLMENT.md.
 */
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { isAppError } from '../../shared/errors.ts';
import { EnrolRequestSchema, EnrolResponseSchema, ErrorResponseSchema, SUPPORTED_MAJORS, parseSchemaMajor } from '../../shared/protocol/index.ts';
import type { AppDeps } from '../deps.ts';
import { enrolAgent } from '../enrolment/enrol-agent.ts';
import { HttpError } from '../errors.ts';
import { clockRateLimitStore } from '../plugins/clock-rate-limit-store.ts';

const nextStep = (status: 'enrolled' | 'pending', requestId?: number): string =>
  status === 'enrolled'
    ? 'enrolled: start (or restart) the agent with this token'
    : `waiting for an administrator: vigie-collector servers approve ${requestId}; pushes are refused (ERR_ENROL_PENDING) until then`;

export function registerEnrolRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { max, windowSeconds } = deps.config.enrolment.rateLimit;
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      store: clockRateLimitStore(deps.clock),
      errorResponseBuilder: (_request, context) =>
        new HttpError('ERR_RATE_LIMITED', `too many enrolment requests from this address: at most ${context.max} per ${windowSeconds} s; retry in ${Math.ceil(context.ttl / 1000)} s`),
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/enrol',
      {
        config: { rateLimit: { max, timeWindow: windowSeconds * 1000 } },
        schema: {
          body: EnrolRequestSchema,
          response: { 200: EnrolResponseSchema, 202: EnrolResponseSchema, '4xx': ErrorResponseSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const major = parseSchemaMajor(body.schemaVersion);
        if (major === undefined || !SUPPORTED_MAJORS.includes(major)) {
          throw new HttpError('ERR_SCHEMA_VERSION_UNSUPPORTED', `body/schemaVersion: major version ${body.schemaVersion} is not supported by this collector`);
        }
        try {
          const result = enrolAgent(
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
          for (const code of ['ERR_ENROL_KEY_INVALID', 'ERR_ENROL_FORBIDDEN'] as const) {
            if (!isAppError(err, code)) continue;
            request.log.warn({ server: body.server, code, source: request.ip }, 'enrolment refused');
            throw new HttpError(code, err.message);
          }
          throw err;
        }
      },
    );
  });
}
