import type { AppDeps } from '../deps.ts';
import { parisDay } from '../reports/paris-day.ts';
import { QuotaReportQuerySchema, toQuotaReportQuery } from '../reports/quota-report-query.ts';
import { renderQuotaReport } from '../services/quota-report.ts';
import type { VigieApp } from './http-schemas.ts';
import { registerReportRoute } from './report-route.ts';

/** `GET /api/v1/reports/quotas?uai=&format=csv|json|html&since=YYYY-MM-DD&section=users|schools|spaces`. */
export function registerReportRoutes(app: VigieApp, deps: AppDeps): void {
  const spec = {
    querystring: QuotaReportQuerySchema,
    produces: ['application/json', 'text/csv', 'text/html'],
    description: 'Rapport quotas — préparation migration KoXo (JSON, CSV or HTML)',
  } as const;
  registerReportRoute(app, deps, '/api/v1/reports/quotas', spec, async (input, now) => {
    const query = toQuotaReportQuery(input, parisDay(now));
    return renderQuotaReport(deps, query, now);
  });
}
