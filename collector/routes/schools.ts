/**
 * `GET /api/v1/schools?status=&departement=&closed=`: the inventory against what is watched (admin token).
 * `GET /api/v1/audit?since=&limit=`: the audit log, oldest first (admin token).
 * Query strings, answers and `{code,message}` errors all have TypeBox schemas.
 */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../shared/errors.ts';
import type { AppDeps } from '../deps.ts';
import { adminAuthHook } from '../plugins/admin-auth.ts';
import { schoolCoverage } from '../services/school-coverage.ts';
import { AUTH_ERRORS, errorResponses, type VigieApp } from './http-schemas.ts';
import { CoverageStatusSchema, SchoolSchema } from './school-schemas.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const SchoolsQuerySchema = Type.Object(
  {
    status: Type.Optional(CoverageStatusSchema),
    departement: Type.Optional(Type.String({ pattern: '^([0-9]{2}|2A|2B|9[0-9]{2})$', description: '`86`, `2A`, `974`' })),
    closed: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'include closed schools' })),
  },
  { additionalProperties: false },
);

const AuditQuerySchema = Type.Object(
  {
    since: Type.Optional(Type.String({ description: 'ISO-8601 instant or YYYY-MM-DD (UTC)' })),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: 'at most this many entries (default 1000)' })),
  },
  { additionalProperties: false },
);

const AuditEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ description: 'ISO-8601 instant (UTC)' }),
    actor: Type.String({ description: 'cli:<user> or the label of the admin token' }),
    action: Type.String({ description: 'e.g. server.enrol, server.approve, server.revoke, key.create' }),
    target: Nullable(Type.String()),
    details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  },
  { description: 'One entry of the audit log' },
);

/** Bad query string (400), auth, a bug. */
const READ_ERRORS = errorResponses(400, ...AUTH_ERRORS, 500);

export function registerSchoolRoutes(app: VigieApp, deps: AppDeps): void {
  const onRequest = adminAuthHook(deps.config.adminToken);

  app.get(
    '/api/v1/schools',
    {
      onRequest,
      schema: {
        querystring: SchoolsQuerySchema,
        response: { 200: Type.Object({ schools: Type.Array(SchoolSchema) }, { description: 'The schools of the inventory and their coverage' }), ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const schools = schoolCoverage(await deps.store.schools.list(), await deps.store.servers.list(), q.closed === 'true').filter(
        (s) => (q.status === undefined || s.status === q.status) && (q.departement === undefined || s.departement === q.departement),
      );
      return { schools };
    },
  );

  app.get(
    '/api/v1/audit',
    {
      onRequest,
      schema: {
        querystring: AuditQuerySchema,
        response: { 200: Type.Object({ entries: Type.Array(AuditEntrySchema) }, { description: 'The audit log, oldest first' }), ...READ_ERRORS },
      },
    },
    async (request) => {
      const since = request.query.since;
      const sinceMs = since === undefined ? 0 : Date.parse(since);
      if (Number.isNaN(sinceMs) || (since !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(since))) {
        throw new AppError('ERR_REQUEST_INVALID', `querystring/since: expected an ISO-8601 date or date-time (actual: '${since}')`);
      }
      const entries = await deps.store.audit.list(sinceMs, Number(request.query.limit ?? 1000));
      return { entries: entries.map(({ atMs, ...e }) => ({ ...e, at: new Date(atMs).toISOString(), details: e.details === null ? null : { ...e.details } })) };
    },
  );
}
