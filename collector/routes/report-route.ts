import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BASIC_CHALLENGE, presentedToken } from '../auth/presented-token.ts';
import { tokensEqual } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import { withoutEmptyValues } from '../reports/query-schema.ts';
import { AUTH_ERRORS, errorResponses, type VigieApp } from './http-schemas.ts';
import { AppError } from '../../shared/errors.ts';
import type { RenderedReport } from '../reports/rendered-report.ts';

/** The HTML page may load nothing and run nothing: it is self-contained (inline CSS only). */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/**
 * `onRequest` hook: the admin token or the read-only `reports.readerToken`, sent as `Authorization: Bearer
 * <token>` or as HTTP Basic auth with the token as password (any user name), so a browser can open the HTML
 * pages. A 401 carries a `WWW-Authenticate: Basic` challenge, which makes the browser prompt.
 */
export function reportReaderAuthHook(tokens: readonly (string | undefined)[]) {
  const accepted = tokens.filter((t): t is string => t !== undefined);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (accepted.length === 0 && !request.server.hasDecorator('resolveActor')) {
      throw new AppError('ERR_AUTH_FORBIDDEN', 'the report API is disabled: set adminToken or reports.readerToken in the collector configuration');
    }
    const presented = presentedToken(request.headers.authorization);
    if (presented.kind === 'token') {
      const actor = request.server.hasDecorator('resolveActor') ? await request.server.resolveActor(presented.token) : undefined;
      if (actor !== undefined) {
        request.actor = actor;
        return;
      }
      if (accepted.some((t) => tokensEqual(presented.token, t))) return;
    }
    void reply.header('www-authenticate', BASIC_CHALLENGE);
    if (presented.kind === 'missing') {
      throw new AppError('ERR_AUTH_MISSING', 'missing credentials: send "Authorization: Bearer <reader or admin token>" or HTTP Basic auth with the token as password');
    }
    throw new AppError('ERR_AUTH_INVALID', 'invalid report reader token');
  };
}

/** The media types a report route can answer with. */
export type ReportMediaType = 'text/html' | 'text/csv' | 'application/json';

/** What a report route declares: its query string schema and the media types of its 200 answers. */
export interface ReportRouteSpec<Q extends TObject> {
  readonly querystring: Q;
  readonly produces: readonly ReportMediaType[];
  readonly description: string;
}

/** A JSON report is sent pre-rendered; its model is documented in docs/REPORTS.md. */
const JsonReportSchema = Type.Object({}, { additionalProperties: true, description: 'The report model as JSON (docs/REPORTS.md)' });

/** The 200 answer of a report route: a string for HTML and CSV, the report model for JSON. */
function reportResponse(spec: ReportRouteSpec<TObject>) {
  const content: Record<string, { schema: TSchema }> = {};
  for (const m of spec.produces) content[m] = { schema: m === 'application/json' ? JsonReportSchema : Type.String() };
  return { description: spec.description, content };
}

/** `preValidation` hook: an empty query parameter counts as absent (an HTML form sends its empty fields). */
async function dropEmptyParameters(request: FastifyRequest): Promise<void> {
  request.query = withoutEmptyValues(request.query as Record<string, unknown>);
}

/**
 * Registers `GET <path>` for a report: reader auth, the query string validated against `spec.querystring`
 * (empty parameters count as absent), then `render(query, now)`; HTML gets a CSP that forbids loading
 * anything, CSV and JSON come as attachments. A bad parameter answers 400 naming it, an unknown school or
 * window 404 (from the error catalogue).
 */
export function registerReportRoute<Q extends TObject>(
  app: VigieApp,
  deps: AppDeps,
  path: string,
  spec: ReportRouteSpec<Q>,
  render: (query: Static<Q>, now: Date) => Promise<RenderedReport> | RenderedReport,
): void {
  app.get(
    path,
    {
      schema: {
        querystring: spec.querystring,
        response: { 200: reportResponse(spec), ...errorResponses(400, ...AUTH_ERRORS, 404, 500) },
      },
      onRequest: reportReaderAuthHook([deps.config.adminToken, deps.config.reports.readerToken]),
      preValidation: dropEmptyParameters,
    },
    async (request, reply) => {
      // The type provider infers Static<Q>, but TypeScript cannot resolve it for a generic Q.
      const rendered = await render(request.query as Static<Q>, deps.clock.now());
      void reply
        .header('content-type', rendered.contentType)
        .header('content-disposition', `${rendered.format === 'html' ? 'inline' : 'attachment'}; filename="${rendered.fileName}"`)
        .header('cache-control', 'no-store');
      if (rendered.format === 'html') void reply.header('content-security-policy', HTML_CSP);
      return reply.send(rendered.body);
    },
  );
}
