import { AppError } from '../../shared/errors.ts';
import { parisDay } from '../reports/paris-day.ts';
import { setImmediate } from 'node:timers/promises';
import { createQuotaReportBuilder } from '../reports/quota-report.ts';
import type { QuotaReport } from '../reports/quota-report-types.ts';
import { renderQuotaCsv } from '../reports/quota-csv.ts';
import { renderQuotaHtml } from '../reports/quota-html.ts';
import { renderQuotaJson } from '../reports/quota-json.ts';
import type { QuotaReportQuery } from '../reports/quota-report-query.ts';
import type { Store } from '../storage/store.ts';
import { renderedReport, type RenderedReport } from '../reports/rendered-report.ts';

export interface QuotaReportDeps {
  readonly store: Store;
  readonly config: { readonly reports: { readonly largestSpaces: number; readonly htmlMaxUserRows: number } };
}

/**
 * The quota report model from the store: each active server's latest report, and for growth the snapshot of
 * `since` (else the closest earlier one, else the first later one; each server says which day it used).
 * An unknown school is `ERR_NOT_FOUND`; a school whose servers have not reported yet gives an empty report.
 */
export async function loadQuotaReport(deps: QuotaReportDeps, query: Pick<QuotaReportQuery, 'uai' | 'since'>, now: Date): Promise<QuotaReport> {
  if (query.uai !== null && !(await deps.store.servers.list()).some((s) => s.uai === query.uai)) {
    throw new AppError('ERR_NOT_FOUND', `uai: no server of school ${query.uai} is enrolled`);
  }
  const { reports } = deps.store;
  const builder = createQuotaReportBuilder({ uai: query.uai, generatedAt: now, since: query.since, largestSpacesLimit: deps.config.reports.largestSpaces });
  // One decoded report at a time, yielding between servers: a fleet-wide report neither holds every report
  // in memory nor stalls heartbeats and scrapes for the whole build.
  for (const ref of await reports.listLatestRefs(query.uai)) {
    const latest = await reports.getLatest(ref.serverId);
    if (latest === undefined) continue;
    const baseline = query.since === null ? undefined : await reports.findBaseline(ref.serverId, query.since);
    builder.add({
      uai: latest.uai,
      server: latest.machine,
      schoolName: latest.schoolName,
      report: latest.report,
      baseline: baseline === undefined || baseline.day === null ? undefined : { day: baseline.day, report: baseline.report },
    });
    await setImmediate();
  }
  return builder.finish();
}

/** Loads and renders the report in the requested format. */
export async function renderQuotaReport(deps: QuotaReportDeps, query: QuotaReportQuery, now: Date): Promise<RenderedReport> {
  const report = await loadQuotaReport(deps, query, now);
  const day = parisDay(now);
  const section = query.format === 'csv' && query.section !== 'users' ? `-${query.section}` : '';
  const fileName = `rapport-quotas-${query.uai ?? 'academie'}${section}-${day}.${query.format}`;
  const body = query.format === 'csv'
    ? renderQuotaCsv(report, query.section)
    : query.format === 'html'
      ? renderQuotaHtml(report, { maxUserRows: deps.config.reports.htmlMaxUserRows })
      : renderQuotaJson(report);
  return renderedReport(query.format, fileName, body);
}
