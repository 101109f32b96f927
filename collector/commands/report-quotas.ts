import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { parisDay } from '../reports/paris-day.ts';
import { parseQuotaReportQuery } from '../reports/quota-report-query.ts';
import { renderQuotaReport, type QuotaReportDeps } from '../services/quota-report.ts';

export const REPORT_QUOTAS_USAGE =
  'usage: vigie-collector report quotas [--uai <UAI>] [--format csv|json|html] [--since YYYY-MM-DD] [--section users|schools|spaces] [--out <file>]';

export interface ReportQuotasIo {
  /** Writes the report to standard output (no --out). */
  readonly write: (text: string) => void;
  /** One line for the operator (where the file went). */
  readonly out: (line: string) => void;
  readonly writeFile?: (path: string, content: string) => void;
}

/**
 * `vigie-collector report quotas …`: the « Rapport quotas — préparation migration KoXo » of one school
 * (`--uai`) or of the whole fleet, to a file (`--out`) or to standard output. Same options as the HTTP API.
 */
export async function runReportCommand(args: string[], deps: QuotaReportDeps & { clock: Clock; io: ReportQuotasIo }): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'quotas') throw new AppError('ERR_USAGE', REPORT_QUOTAS_USAGE);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: false,
      options: {
        uai: { type: 'string' },
        format: { type: 'string' },
        since: { type: 'string' },
        section: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (err) {
    throw new AppError('ERR_USAGE', `${(err as Error).message}\n${REPORT_QUOTAS_USAGE}`);
  }
  const { out, ...options } = parsed.values;
  const now = deps.clock.now();
  const query = parseQuotaReportQuery(options, parisDay(now), 'report quotas');
  const rendered = await renderQuotaReport(deps, query, now);
  if (out === undefined) {
    deps.io.write(rendered.body);
    return;
  }
  (deps.io.writeFile ?? ((path, content) => writeFileSync(path, content, 'utf8')))(out, rendered.body);
  deps.io.out(`Wrote ${query.format.toUpperCase()} quota report (${query.uai ?? 'all schools'}) to ${out}`);
}
