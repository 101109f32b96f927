import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { parseAvailabilityQuery } from '../reports/availability-query.ts';
import { renderAvailabilityReport, type AvailabilityReportDeps } from '../services/availability-report.ts';

export const REPORT_AVAILABILITY_USAGE =
  'usage: vigie-collector report availability (--window "<name>" | --from YYYY-MM-DD --to YYYY-MM-DD [--tz <zone>]) '
  + '[--uai <UAI>] [--format csv|json|html] [--section servers|outages|schools] [--out <file>]';

export interface ReportAvailabilityIo {
  /** Writes the report to standard output (no --out). */
  readonly write: (text: string) => void;
  /** One line for the operator (where the file went). */
  readonly out: (line: string) => void;
  readonly writeFile?: (path: string, content: string) => void;
}

/**
 * `vigie-collector report availability …`: the « Rapport de disponibilité — période de maintenance estivale »
 * of one school (`--uai`) or of the whole fleet, to a file (`--out`) or to standard output. Same options as the
 * HTTP API. `args` are the words after `report` (starting with `availability`).
 */
export function runReportAvailabilityCommand(args: string[], deps: AvailabilityReportDeps & { clock: Clock; io: ReportAvailabilityIo }): void {
  const [sub, ...rest] = args;
  if (sub !== 'availability') throw new AppError('ERR_USAGE', REPORT_AVAILABILITY_USAGE);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: false,
      options: {
        window: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        tz: { type: 'string' },
        uai: { type: 'string' },
        format: { type: 'string' },
        section: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (err) {
    throw new AppError('ERR_USAGE', `${(err as Error).message}\n${REPORT_AVAILABILITY_USAGE}`);
  }
  const { out, ...options } = parsed.values;
  const query = parseAvailabilityQuery(options, 'report availability');
  const rendered = renderAvailabilityReport(deps, query, deps.clock.now());
  if (out === undefined) {
    deps.io.write(rendered.body);
    return;
  }
  (deps.io.writeFile ?? ((path, content) => writeFileSync(path, content, 'utf8')))(out, rendered.body);
  deps.io.out(`Wrote ${query.format.toUpperCase()} availability report (${query.uai ?? 'all schools'}) to ${out}`);
}
