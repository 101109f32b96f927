import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { parisDay } from '../reports/paris-day.ts';
import { parseQuotaReportQuery } from '../reports/quota-report-query.ts';
import { renderQuotaReport } from '../services/quota-report.ts';
import { registerReportRoute } from './report-route.ts';

/** `GET /api/v1/reports/quotas?uai=&format=csv|json|html&since=YYYY-MM-DD&section=users|schools|spaces`. */
export function registerReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerReportRoute(app, deps, '/api/v1/reports/quotas', async (raw, now) => {
    const query = parseQuotaReportQuery(raw, parisDay(now));
    return renderQuotaReport(deps, query, now);
  });
}
