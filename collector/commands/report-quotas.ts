import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { parisDay } from '../reports/paris-day.ts';
import { parseQuotaReportQuery } from '../reports/quota-report-query.ts';
import { renderQuotaReport, type QuotaReportDeps } from '../services/quota-report.ts';
import { parseReportOptions, writeReport, type ReportIo } from './report-output.ts';

export const REPORT_QUOTAS_USAGE =
  'usage: vigie-collector report quotas [--uai <UAI>] [--format csv|json|html] [--since YYYY-MM-DD] [--section users|schools|spaces] [--out <file>]';

export type ReportQuotasIo = ReportIo;

/**
 * `vigie-collector report quotas …`: the « Rapport quotas — préparation migration KoXo » of one school
 * (`--uai`) or of the whole fleet, to a file (`--out`) or to standard output. Same options as the HTTP API.
 */
export async function runReportCommand(args: string[], deps: QuotaReportDeps & { clock: Clock; io: ReportQuotasIo }): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'quotas') throw new AppError('ERR_USAGE', REPORT_QUOTAS_USAGE);
  const { out, options } = parseReportOptions(rest, ['uai', 'format', 'since', 'section'], REPORT_QUOTAS_USAGE);
  const now = deps.clock.now();
  const query = parseQuotaReportQuery(options, parisDay(now), 'report quotas');
  const rendered = await renderQuotaReport(deps, query, now);
  writeReport(deps.io, out, rendered.body, `${query.format.toUpperCase()} quota report (${query.uai ?? 'all schools'})`);
}
