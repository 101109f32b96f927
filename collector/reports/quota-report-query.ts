// The options of a quota report request (HTTP query string or CLI flags): their schema, and the query they make.
import { Type, type Static } from '@sinclair/typebox';
import { isCalendarDay } from './paris-day.ts';
import { QUOTA_CSV_SECTIONS, type QuotaCsvSection } from './quota-csv.ts';
import { DayParam, UaiParam, checkQuery, oneOf, queryInvalid } from './query-schema.ts';

export type QuotaReportFormat = 'csv' | 'json' | 'html';
export const QUOTA_REPORT_FORMATS: readonly QuotaReportFormat[] = ['csv', 'json', 'html'];

/** `?uai=&format=csv|json|html&since=YYYY-MM-DD&section=users|schools|spaces`, every parameter optional. */
export const QuotaReportQuerySchema = Type.Object(
  {
    uai: Type.Optional(UaiParam),
    format: Type.Optional(oneOf(QUOTA_REPORT_FORMATS)),
    since: Type.Optional(DayParam),
    section: Type.Optional(oneOf(QUOTA_CSV_SECTIONS)),
  },
  { additionalProperties: false },
);
export type QuotaReportQueryInput = Static<typeof QuotaReportQuerySchema>;

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
 * The query from parameters that match the schema (pure): defaults, and what the schema cannot say. `today`
 * is the Europe/Paris day (a baseline cannot be in the future). Throws `ERR_REPORT_QUERY_INVALID` naming the
 * field, prefixed by `where`.
 */
export function toQuotaReportQuery(input: QuotaReportQueryInput, today: string, where = 'querystring'): QuotaReportQuery {
  const since = input.since ?? null;
  if (since !== null && !isCalendarDay(since)) queryInvalid(where, 'since', 'a date YYYY-MM-DD', since);
  if (since !== null && since > today) queryInvalid(where, 'since', `a past date (today is ${today})`, since);
  return { uai: input.uai ?? null, format: input.format ?? 'json', since, section: input.section ?? 'users' };
}

/** Raw options (the `report quotas` command): checked against the schema, then {@link toQuotaReportQuery}. */
export function parseQuotaReportQuery(raw: Readonly<Record<string, unknown>>, today: string, where = 'querystring'): QuotaReportQuery {
  return toQuotaReportQuery(checkQuery(QuotaReportQuerySchema, raw, where), today, where);
}
