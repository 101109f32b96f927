// The options of a quota report request (HTTP query string or CLI flags), validated once (pure).
import { isCalendarDay } from './paris-day.ts';
import { QUOTA_CSV_SECTIONS, type QuotaCsvSection } from './quota-csv.ts';
import { readQuery } from './query-reader.ts';

export type QuotaReportFormat = 'csv' | 'json' | 'html';
export const QUOTA_REPORT_FORMATS: readonly QuotaReportFormat[] = ['csv', 'json', 'html'];
const FIELDS = ['uai', 'format', 'since', 'section'] as const;

export interface QuotaReportQuery {
  /** One school, or null for the whole fleet. */
  readonly uai: string | null;
  readonly format: QuotaReportFormat;
  /** Baseline day for growth figures, or null. */
  readonly since: string | null;
  /** Which table a CSV holds (ignored by JSON and HTML, which have them all). */
  readonly section: QuotaCsvSection;
}

/**
 * Validates raw options. `where` prefixes messages (`querystring`, `--`); `today` is the Europe/Paris day
 * (a baseline cannot be in the future). Throws `ERR_REPORT_QUERY_INVALID` naming the field.
 */
export function parseQuotaReportQuery(raw: Readonly<Record<string, unknown>>, today: string, where = 'querystring'): QuotaReportQuery {
  const { bad, text } = readQuery(raw, FIELDS, where);
  const uai = text('uai');
  if (uai !== null && !/^[0-9]{7}[A-Z]$/.test(uai)) bad('uai', 'a school code of 7 digits and an upper-case letter, e.g. 0860021F', uai);
  const format = text('format') ?? 'json';
  if (!(QUOTA_REPORT_FORMATS as readonly string[]).includes(format)) bad('format', `one of ${QUOTA_REPORT_FORMATS.join(', ')}`, format);
  const since = text('since');
  if (since !== null && !isCalendarDay(since)) bad('since', 'a date YYYY-MM-DD', since);
  if (since !== null && since > today) bad('since', `a past date (today is ${today})`, since);
  const section = text('section') ?? 'users';
  if (!(QUOTA_CSV_SECTIONS as readonly string[]).includes(section)) bad('section', `one of ${QUOTA_CSV_SECTIONS.join(', ')}`, section);
  return { uai, format: format as QuotaReportFormat, since, section: section as QuotaCsvSection };
}
