import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import {
  EventSchema,
  HeartbeatSchema,
  ReportSchema,
  SUPPORTED_MAJORS,
  parseSchemaMajor,
} from '../../shared/protocol/index.ts';
import { implausibleHeartbeat, type Implausible } from '../../shared/protocol/plausibility.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../../shared/errors.ts';
import { agentAuthHook, assertSameServer } from '../plugins/agent-auth.ts';
import { registerIngestRateLimit, type RequestHook } from '../plugins/ingest-rate-limit.ts';
import { ingestEvent } from '../services/ingest-event.ts';
import { ingestHeartbeat, type IngestOutcome } from '../services/ingest-heartbeat.ts';
import { ingestReport } from '../services/ingest-report.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import { AUTH_ERRORS, errorResponses, type VigieApp } from './http-schemas.ts';

/**
 * Refuses a message whose `schemaVersion` major this collector does not know, before validating the
 * body against the v1 schema (a v2 body would otherwise get a confusing field-level error).
 */
async function checkSchemaVersion(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return; // the schema says "must be object"
  const version = (body as Record<string, unknown>)['schemaVersion'];
  if (version === undefined) return; // the schema reports the missing field
  const major = parseSchemaMajor(version);
  if (major === undefined) {
    throw new AppError('ERR_REQUEST_INVALID', `body/schemaVersion: expected "major.minor", e.g. "1.0" (actual: ${JSON.stringify(version)})`);
  }
  if (!SUPPORTED_MAJORS.includes(major)) {
    throw new AppError(
      'ERR_SCHEMA_VERSION_UNSUPPORTED',
      `body/schemaVersion: major version ${major} is not supported by this collector (supported: ${SUPPORTED_MAJORS.join(', ')}.x); upgrade the collector`,
    );
  }
}

/** Refuses a message carrying a value no real server sends (schemas bound each field; this checks them together). */
function assertPlausible(problem: Implausible | undefined): void {
  if (problem !== undefined) throw new AppError('ERR_REQUEST_INVALID', `${problem.field}: ${problem.reason}`);
}

type Ingest<T> = (deps: AppDeps, server: ServerRow, body: T, now: Date) => Promise<IngestOutcome>;

const IngestResponses = {
  200: Type.Object(
    { status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')], { description: 'duplicate: already received, nothing changed' }) },
    { description: 'The message is stored (or was already)' },
  ),
  ...errorResponses(400, ...AUTH_ERRORS, 413, 415, 429, 500),
};

/**
 * `POST /api/v1/heartbeat`, `/report`, `/event`: rate limit per token, authenticate, validate, check identity,
 * ingest. The routes sit in their own scope so that the rate limit applies to them alone.
 */
export function registerIngestRoutes(app: VigieApp, deps: AppDeps): void {
  void app.register(async (scope: VigieApp) => {
    const limit = await registerIngestRateLimit(scope, deps.config.ingestRateLimit, deps.clock);
    registerIngestRoutesIn(scope, deps, limit);
  });
}

function registerIngestRoutesIn(app: VigieApp, deps: AppDeps, limit: RequestHook): void {
  const onRequest = [limit, agentAuthHook(deps.store, deps.clock)];
  const options = <S extends TSchema>(body: S) => ({ schema: { body, response: IngestResponses }, onRequest, preValidation: checkSchemaVersion });
  const accept = async <T extends { server: { uai: string; machine: string } }>(request: FastifyRequest, body: T, ingest: Ingest<T>) => {
    assertSameServer(request, body);
    const outcome = await ingest(deps, request.agentServer!, body, deps.clock.now());
    request.pushOutcome = outcome;
    return { status: outcome };
  };
  app.post('/api/v1/heartbeat', options(HeartbeatSchema), async (request) => {
    assertPlausible(implausibleHeartbeat(request.body));
    return accept(request, request.body, ingestHeartbeat);
  });
  app.post('/api/v1/report', options(ReportSchema), async (request) => accept(request, request.body, ingestReport));
  app.post('/api/v1/event', options(EventSchema), async (request) => accept(request, request.body, ingestEvent));
}
