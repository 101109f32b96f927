/**
 * `GET /api/v1/schools?status=&departement=&closed=`: the inventory against what is watched (admin token).
 * `GET /api/v1/audit?since=&limit=`: the audit log, oldest first (admin token).
 * Query strings, answers and `{code,message}` errors all have TypeBox schemas.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponseSchema } from '../../shared/protocol/index.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { adminAuthHook } from '../plugins/admin-auth.ts';
import { schoolCoverage } from '../services/school-coverage.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const StatusSchema = Type.Union([Type.Literal('watched'), Type.Literal('never_heard'), Type.Literal('no_server')]);

export const SchoolSchema = Type.Object({
  uai: Type.String(),
  name: Type.String(),
  commune: Nullable(Type.String()),
  type: Nullable(Type.String()),
  academie: Nullable(Type.String()),
  departement: Type.String(),
  email: Nullable(Type.String()),
  closed: Type.Boolean(),
  status: StatusSchema,
  servers: Type.Array(Type.Object({ machine: Type.String(), enrolledAt: Type.String(), lastSeen: Nullable(Type.String()) })),
});

const SchoolsQuerySchema = Type.Object(
  {
    status: Type.Optional(StatusSchema),
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

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  target: Nullable(Type.String()),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema };

export function registerSchoolRoutes(app: FastifyInstance, deps: AppDeps): void {
  const onRequest = adminAuthHook(deps.config.adminToken);
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get(
    '/api/v1/schools',
    { onRequest, schema: { querystring: SchoolsQuerySchema, response: { 200: Type.Object({ schools: Type.Array(SchoolSchema) }), ...errors } } },
    async (request) => {
      const q = request.query;
      const schools = schoolCoverage(deps.store.schools.list(), deps.store.servers.list(), q.closed === 'true').filter(
        (s) => (q.status === undefined || s.status === q.status) && (q.departement === undefined || s.departement === q.departement),
      );
      return { schools: schools.map((s) => ({ ...s, servers: [...s.servers] })) };
    },
  );

  typed.get(
    '/api/v1/audit',
    { onRequest, schema: { querystring: AuditQuerySchema, response: { 200: Type.Object({ entries: Type.Array(AuditEntrySchema) }), ...errors } } },
    async (request) => {
      const since = request.query.since;
      const sinceMs = since === undefined ? 0 : Date.parse(since);
      if (Number.isNaN(sinceMs) || (since !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(since))) {
        throw new HttpError('ERR_REQUEST_INVALID', `querystring/since: expected an ISO-8601 date or date-time (actual: '${since}')`);
      }
      const entries = deps.store.audit.list(sinceMs, Number(request.query.limit ?? 1000));
      return { entries: entries.map(({ atMs, ...e }) => ({ ...e, at: new Date(atMs).toISOString(), details: e.details === null ? null : { ...e.details } })) };
    },
  );
}
