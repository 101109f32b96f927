import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.ts';

/** Where a report command writes. */
export interface ReportIo {
  /** Writes the report to standard output (no --out). */
  readonly write: (text: string) => void;
  /** One line for the operator (where the file went). */
  readonly out: (line: string) => void;
  readonly writeFile?: (path: string, content: string) => void;
}

/** Parses `--name value` options of a report command (plus `--out`); a bad option is a usage error. */
export function parseReportOptions(args: string[], names: readonly string[], usage: string): { out: string | undefined; options: Record<string, string | undefined> } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      allowPositionals: false,
      options: Object.fromEntries([...names, 'out'].map((n) => [n, { type: 'string' as const }])),
    }).values;
  } catch (err) {
    throw new AppError('ERR_USAGE', `${(err as Error).message}\n${usage}`);
  }
  const { out, ...options } = values as Record<string, string | undefined>;
  return { out, options };
}

/** Writes a rendered report to `--out` (and says where) or to standard output. */
export function writeReport(io: ReportIo, out: string | undefined, body: string, what: string): void {
  if (out === undefined) {
    io.write(body);
    return;
  }
  (io.writeFile ?? ((path, content) => writeFileSync(path, content, 'utf8')))(out, body);
  io.out(`Wrote ${what} to ${out}`);
}
