import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { parseAvailabilityQuery } from '../reports/availability-query.ts';
import { renderAvailabilityReport, type AvailabilityReportDeps } from '../services/availability-report.ts';
import { parseReportOptions, writeReport, type ReportIo } from './report-output.ts';

export const REPORT_AVAILABILITY_USAGE =
  'usage: vigie-collector report availability (--window "<name>" | --from YYYY-MM-DD --to YYYY-MM-DD [--tz <zone>]) '
  + '[--uai <UAI>] [--format csv|json|html] [--section servers|outages|schools] [--out <file>]';

export type ReportAvailabilityIo = ReportIo;

/**
 * `vigie-collector report availability …`: the « Rapport de disponibilité — période de maintenance estivale »
 * of one school (`--uai`) or of the whole fleet, to a file (`--out`) or to standard output. Same options as the
 * HTTP API. `args` are the words after `report` (starting with `availability`).
 */
export async function runReportAvailabilityCommand(args: string[], deps: AvailabilityReportDeps & { clock: Clock; io: ReportAvailabilityIo }): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'availability') throw new AppError('ERR_USAGE', REPORT_AVAILABILITY_USAGE);
  const { out, options } = parseReportOptions(rest, ['window', 'from', 'to', 'tz', 'uai', 'format', 'section'], REPORT_AVAILABILITY_USAGE);
  const query = parseAvailabilityQuery(options, 'report availability');
  const rendered = await renderAvailabilityReport(deps, query, deps.clock.now());
  writeReport(deps.io, out, rendered.body, `${query.format.toUpperCase()} availability report (${query.uai ?? 'all schools'})`);
}
