/**
 * Parses an académie's school list (CSV as exported by the national directories and open-data portals) into
 * schools and row errors: each bad row is reported with its line number and the field, and the good rows are
 * kept. The separator (`;`, `,` or tab) is read from the header line; fields may be quoted; rows must have as
 * many fields as the header. Pure: bytes in, result out.
 */
import { parse } from 'csv-parse/sync';
import { AppError, isAppError } from '../../shared/errors.ts';
import { departementOfUai } from '../../shared/departement.ts';
import { checkUai } from '../../shared/uai.ts';
import { recogniseColumns, type InventoryField } from './columns.ts';
import { decodeText, type TextEncodingName } from './decode-text.ts';
import type { SchoolFields } from './school.ts';

export interface InventorySchool extends SchoolFields {
  /** Line of the file the school came from. */
  readonly line: number;
}

export interface RowError {
  readonly line: number;
  /** The field at fault, or `row` when the row itself is malformed. */
  readonly field: InventoryField | 'row';
  readonly message: string;
}

export interface ParsedInventory {
  readonly schools: readonly InventorySchool[];
  readonly errors: readonly RowError[];
  readonly encoding: TextEncodingName;
  readonly delimiter: string;
  /** The header of each recognised field, for the import summary. */
  readonly columns: Readonly<Partial<Record<InventoryField, string>>>;
}

const DELIMITERS = [';', ',', '\t'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The separator used most on the header line, outside quotes (`;` on a tie, `,` when there is none). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    if (counts.get(d)! > bestCount) {
      best = d;
      bestCount = counts.get(d)!;
    }
  }
  return best;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

/** Parses the file's bytes. Throws `ERR_INVENTORY_COLUMNS` when the uai or name column cannot be found. */
export function parseInventory(bytes: Uint8Array, mapping: Partial<Record<InventoryField, string>> = {}): ParsedInventory {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  const errors: RowError[] = [];
  const records = parse(text, {
    delimiter,
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: false,
    skip_records_with_error: true,
    on_skip: (err: { lines?: number; message: string } | undefined) => {
      if (err !== undefined) errors.push({ line: err.lines ?? 0, field: 'row', message: `line ${err.lines ?? '?'}: row is malformed, ${err.message}` });
    },
  }) as unknown as ParsedRecord[];
  const [header, ...rows] = records;
  if (header === undefined) throw new AppError('ERR_INVENTORY_EMPTY', 'the file is empty: expected a header line and one line per school');
  const columns = recogniseColumns(header.record.map((h) => h.trim()), mapping);
  const schools: InventorySchool[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    // info.lines is the line where the record ends; a quoted field may span lines.
    const line = row.info.lines - (row.raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    try {
      const school = toSchool(row.record, columns, line);
      const first = seen.get(school.uai);
      if (first !== undefined) throw rowError(line, 'uai', `uai ${school.uai} is a duplicate, expected each school once (first on line ${first})`);
      seen.set(school.uai, line);
      schools.push(school);
    } catch (err) {
      if (isAppError(err, 'ERR_INVENTORY_ROW')) errors.push(err.details as unknown as RowError);
      else throw err;
    }
  }
  errors.sort((a, b) => a.line - b.line);
  const headerOf = (f: InventoryField): string | undefined => (columns[f] === undefined ? undefined : header.record[columns[f]]);
  const named = Object.fromEntries(
    (Object.keys(columns) as InventoryField[]).map((f) => [f, headerOf(f)]).filter(([, h]) => h !== undefined),
  ) as Partial<Record<InventoryField, string>>;
  return { schools, errors, encoding, delimiter, columns: named };
}

function rowError(line: number, field: InventoryField, message: string): AppError {
  const details: RowError = { line, field, message: `line ${line}: ${message}` };
  return new AppError('ERR_INVENTORY_ROW', details.message, { details: { ...details } });
}

function toSchool(record: readonly string[], columns: Partial<Record<InventoryField, number>>, line: number): InventorySchool {
  const cell = (f: InventoryField): string | null => {
    const i = columns[f];
    const v = i === undefined ? undefined : record[i]?.trim();
    return v === undefined || v === '' ? null : v;
  };
  const rawUai = cell('uai');
  if (rawUai === null) throw rowError(line, 'uai', 'uai is missing, expected a school code of 7 digits and a check letter');
  const uai = checkUai(rawUai);
  if (!uai.ok) throw rowError(line, 'uai', `uai is invalid, ${uai.reason}`);
  const departement = departementOfUai(uai.uai);
  if (!departement.ok) throw rowError(line, 'uai', `uai is invalid, ${departement.reason}`);
  const name = cell('name');
  if (name === null) throw rowError(line, 'name', `name is missing, expected the school's name (uai ${uai.uai})`);
  const email = cell('email');
  if (email !== null && !EMAIL.test(email)) throw rowError(line, 'email', `email is invalid, expected an address like ce.0860021f@ac-poitiers.fr (actual: '${email}')`);
  return { uai: uai.uai, name, commune: cell('commune'), type: cell('type'), academie: cell('academie'), email, departement: departement.code, line };
}
