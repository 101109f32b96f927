/**
 * `GET /api/v1/reports/availability?window=<name>|from=&to=&tz=&uai=&format=csv|json|html&section=servers|outages|schools`:
 * « Rapport de disponibilité — période de maintenance estivale ». Same tokens as the quota report (admin or
 * reports.readerToken). Bad parameters → 400 naming the parameter; unknown window or school → 404.
 */
import type { AppDeps } from '../deps.ts';
import { AvailabilityQuerySchema, toAvailabilityQuery } from '../reports/availability-query.ts';
import { renderAvailabilityReport } from '../services/availability-report.ts';
import type { VigieApp } from './http-schemas.ts';
import { registerReportRoute } from './report-route.ts';

export function registerAvailabilityRoutes(app: VigieApp, deps: AppDeps): void {
  const spec = {
    querystring: AvailabilityQuerySchema,
    produces: ['application/json', 'text/csv', 'text/html'],
    description: 'Rapport de disponibilité — période de maintenance estivale (JSON, CSV or HTML)',
  } as const;
  registerReportRoute(app, deps, '/api/v1/reports/availability', spec, async (input, now) => {
    const query = toAvailabilityQuery(input);
    return renderAvailabilityReport(deps, query, now);
  });
}
