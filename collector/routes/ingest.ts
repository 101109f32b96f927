import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import {
  EventSchema,
  HeartbeatSchema,
  ReportSchema,
  SUPPORTED_MAJORS,
  parseSchemaMajor,
  type Event,
  type Heartbeat,
  type Report,
} from '../../shared/protocol/index.ts';
import { toLivenessSettings, type LivenessSettings } from '../config/liveness-config.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { agentAuthHook, assertSameServer } from '../plugins/agent-auth.ts';
import { ingestEvent } from '../services/ingest-event.ts';
import { ingestHeartbeat, type IngestOutcome } from '../services/ingest-heartbeat.ts';
import { ingestReport } from '../services/ingest-report.ts';
import type { ServerRow } from '../storage/servers-repo.ts';

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
    throw new HttpError('ERR_REQUEST_INVALID', `body/schemaVersion: expected "major.minor", e.g. "1.0" (actual: ${JSON.stringify(version)})`);
  }
  if (!SUPPORTED_MAJORS.includes(major)) {
    throw new HttpError(
      'ERR_SCHEMA_VERSION_UNSUPPORTED',
      `body/schemaVersion: major version ${major} is not supported by this collector (supported: ${SUPPORTED_MAJORS.join(', ')}.x); upgrade the collector`,
    );
  }
}

type IngestDeps = AppDeps & { readonly liveness: LivenessSettings };
type Ingest<T> = (deps: IngestDeps, server: ServerRow, body: T, now: Date) => IngestOutcome;

/** `POST /api/v1/heartbeat`, `/report`, `/event`: authenticate, validate, check identity, ingest. */
export function registerIngestRoutes(app: FastifyInstance, appDeps: AppDeps): void {
  // Liveness settings are derived from the configuration once here, not on every push.
  const deps: IngestDeps = { ...appDeps, liveness: toLivenessSettings(appDeps.config.liveness) };
  const route = <T extends { server: { uai: string; machine: string } }>(path: string, schema: TSchema, ingest: Ingest<T>) =>
    app.post(
      path,
      {
        schema: { body: schema },
        onRequest: agentAuthHook(deps.store, deps.clock),
        preValidation: checkSchemaVersion,
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const body = request.body as T; // validated against `schema` above
        assertSameServer(request, body);
        const outcome = ingest(deps, request.agentServer!, body, deps.clock.now());
        request.pushOutcome = outcome;
        return reply.status(200).send({ status: outcome });
      },
    );
  route<Heartbeat>('/api/v1/heartbeat', HeartbeatSchema, ingestHeartbeat);
  route<Report>('/api/v1/report', ReportSchema, ingestReport);
  route<Event>('/api/v1/event', EventSchema, ingestEvent);
}
