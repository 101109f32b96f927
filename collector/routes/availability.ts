/**
 * `GET /api/v1/reports/availability?window=<name>|from=&to=&tz=&uai=&format=csv|json|html&section=servers|outages|schools`:
 * « Rapport de disponibilité — période de maintenance estivale ». Same tokens as the quota report (admin or
 * reports.readerToken). Bad parameters → 400 naming the parameter; unknown window or school → 404.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { parseAvailabilityQuery } from '../reports/availability-query.ts';
import { renderAvailabilityReport } from '../services/availability-report.ts';
import { registerReportRoute } from './report-route.ts';

export function registerAvailabilityRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerReportRoute(app, deps, '/api/v1/reports/availability', (raw, now) => {
    const query = parseAvailabilityQuery(raw);
    return renderAvailabilityReport(deps, query, now);
  });
}
