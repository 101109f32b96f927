import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../shared/errors.ts';
import { bearerToken, tokensEqual } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { parisDay } from '../reports/paris-day.ts';
import { parseQuotaReportQuery } from '../reports/quota-report-query.ts';
import { renderQuotaReport } from '../services/quota-report.ts';

/** The HTML page may load nothing and run nothing: it is self-contained (inline CSS only). */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** `onRequest` hook: the admin token or the read-only `reports.readerToken`. */
export function reportReaderAuthHook(tokens: readonly (string | undefined)[]) {
  const accepted = tokens.filter((t): t is string => t !== undefined);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (accepted.length === 0) {
      throw new HttpError('ERR_AUTH_FORBIDDEN', 'the report API is disabled: set adminToken or reports.readerToken in the collector configuration');
    }
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) throw new HttpError('ERR_AUTH_MISSING', 'missing bearer token: send "Authorization: Bearer <reader or admin token>"');
    if (!accepted.some((t) => tokensEqual(token, t))) throw new HttpError('ERR_AUTH_INVALID', 'invalid report reader token');
  };
}

/** `GET /api/v1/reports/quotas?uai=&format=csv|json|html&since=YYYY-MM-DD&section=users|schools|spaces`. */
export function registerReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/reports/quotas',
    { onRequest: reportReaderAuthHook([deps.config.adminToken, deps.config.reports.readerToken]) },
    async (request, reply) => {
      const now = deps.clock.now();
      try {
        const query = parseQuotaReportQuery(request.query as Record<string, unknown>, parisDay(now));
        const rendered = await renderQuotaReport(deps, query, now);
        void reply
          .header('content-type', rendered.contentType)
          .header('content-disposition', `${query.format === 'html' ? 'inline' : 'attachment'}; filename="${rendered.fileName}"`)
          .header('cache-control', 'no-store');
        if (query.format === 'html') void reply.header('content-security-policy', HTML_CSP);
        return await reply.send(rendered.body);
      } catch (err) {
        if (isAppError(err, 'ERR_REPORT_QUERY_INVALID')) throw new HttpError('ERR_REQUEST_INVALID', err.message);
        if (isAppError(err, 'ERR_NOT_FOUND')) throw new HttpError('ERR_NOT_FOUND', err.message);
        throw err;
      }
    },
  );
}
