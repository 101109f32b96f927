// Minimal CSV writing for French spreadsheets: `;` separator, CRLF, UTF-8 with BOM, RFC 4180 quoting.
import { formatDecimalFr } from '../presentation/numbers-fr.ts';

export const CSV_SEPARATOR = ';';
export const UTF8_BOM = '\ufeff';

/** A number cell, already written the French way (`12,5`). Never quoted nor formula-guarded. */
export interface CsvNumber {
  readonly formatted: string;
}

/** A cell: text (quoted when needed), a number, or empty. */
export type CsvCell = string | CsvNumber | null;

/** A number cell rounded to `decimals` places with a decimal comma; null stays an empty cell. */
export function csvNumber(value: number | null, decimals = 0): CsvNumber | null {
  return value === null ? null : { formatted: formatDecimalFr(value, decimals) };
}

/**
 * Quotes a text cell when it holds the separator, a quote, a line break or edge spaces. Text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading apostrophe.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One document: BOM, header line, rows, each line ended by CRLF. */
export function renderCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvText).join(CSV_SEPARATOR)];
  for (const row of rows) {
    lines.push(row.map((cell) => (cell === null ? '' : typeof cell === 'string' ? csvText(cell) : cell.formatted)).join(CSV_SEPARATOR));
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
