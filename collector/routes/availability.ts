/**
 * `GET /api/v1/reports/availability?window=<name>|from=&to=&tz=&uai=&format=csv|json|html&section=servers|outages|schools`:
 * « Rapport de disponibilité — période de maintenance estivale ». Same tokens as the quota report (admin or
 * reports.readerToken). Bad parameters → 400 naming the parameter; unknown window or school → 404.
 */
import type { FastifyInstance } from 'fastify';
import { isAppError } from '../../shared/errors.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { parseAvailabilityQuery } from '../reports/availability-query.ts';
import { renderAvailabilityReport } from '../services/availability-report.ts';
import { reportReaderAuthHook } from './reports.ts';

/** The HTML page may load nothing and run nothing: it is self-contained (inline CSS only). */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function registerAvailabilityRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/reports/availability',
    { onRequest: reportReaderAuthHook([deps.config.adminToken, deps.config.reports.readerToken]) },
    async (request, reply) => {
      try {
        const query = parseAvailabilityQuery(request.query as Record<string, unknown>);
        const rendered = renderAvailabilityReport(deps, query, deps.clock.now());
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
