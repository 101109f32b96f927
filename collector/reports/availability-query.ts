// The options of an availability report request (HTTP query string or CLI flags): their schema, the query
// they make (pure), and the window they designate (a configured maintenance window by name, or explicit dates).
import { Type, type Static } from '@sinclair/typebox';
import { IANAZone } from 'luxon';
import type { MaintenanceWindow } from '../domain/maintenance-windows.ts';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import { AVAILABILITY_CSV_SECTIONS, type AvailabilityCsvSection } from './availability-csv.ts';
import { isCalendarDay } from './paris-day.ts';
import { AppError } from '../../shared/errors.ts';
import { DayParam, UaiParam, checkQuery, oneOf, queryInvalid } from './query-schema.ts';

export type AvailabilityReportFormat = 'csv' | 'json' | 'html';
export const AVAILABILITY_REPORT_FORMATS: readonly AvailabilityReportFormat[] = ['csv', 'json', 'html'];

/** `?window=<name>` or `?from=&to=[&tz=]`, then `&uai=&format=csv|json|html&section=servers|outages|schools`. */
export const AvailabilityQuerySchema = Type.Object(
  {
    window: Type.Optional(Type.String({ description: 'the name of a maintenance window, e.g. Bascule 2025' })),
    from: Type.Optional(DayParam),
    to: Type.Optional(DayParam),
    tz: Type.Optional(Type.String({ description: 'an IANA time zone such as Europe/Paris' })),
    uai: Type.Optional(UaiParam),
    format: Type.Optional(oneOf(AVAILABILITY_REPORT_FORMATS)),
    section: Type.Optional(oneOf(AVAILABILITY_CSV_SECTIONS)),
  },
  { additionalProperties: false },
);
export type AvailabilityQueryInput = Static<typeof AvailabilityQuerySchema>;

/** Which period: a configured window by name, or explicit inclusive days in a time zone. */
export type WindowSelector =
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'explicit'; readonly from: string; readonly to: string; readonly timeZone: string };

export interface AvailabilityReportQuery {
  readonly window: WindowSelector;
  /** One school, or null for the whole fleet. */
  readonly uai: string | null;
  readonly format: AvailabilityReportFormat;
  /** Which table a CSV holds (JSON and HTML have them all). */
  readonly section: AvailabilityCsvSection;
}

/**
 * The query from parameters that match the schema (pure): a window or dates, defaults. `where` prefixes
 * messages (`querystring`, `report availability`). Throws `ERR_REPORT_QUERY_INVALID` naming the field
 * (`details.field`).
 */
export function toAvailabilityQuery(input: AvailabilityQueryInput, where = 'querystring'): AvailabilityReportQuery {
  const bad = (field: string, expected: string, actual: unknown): never => queryInvalid(where, field, expected, actual);
  const { from, to, tz } = input;
  let window: WindowSelector;
  if (input.window !== undefined) {
    if (from !== undefined || to !== undefined || tz !== undefined) {
      bad(from !== undefined ? 'from' : to !== undefined ? 'to' : 'tz', 'nothing when window is given (a window has its own dates)', from ?? to ?? tz);
    }
    window = { kind: 'named', name: input.window.trim() };
  } else {
    if (from === undefined && to === undefined) bad('window', 'the name of a maintenance window, or from and to', undefined);
    if (from === undefined || !isCalendarDay(from)) return bad('from', 'a date YYYY-MM-DD', from);
    if (to === undefined || !isCalendarDay(to)) return bad('to', 'a date YYYY-MM-DD', to);
    if (to < from) bad('to', `a day on or after from (${from})`, to);
    const timeZone = tz ?? PARIS_TIME_ZONE;
    if (!IANAZone.isValidZone(timeZone)) bad('tz', 'an IANA time zone such as Europe/Paris', timeZone);
    window = { kind: 'explicit', from, to, timeZone };
  }
  return { window, uai: input.uai ?? null, format: input.format ?? 'json', section: input.section ?? 'servers' };
}

/** Raw options (the `report availability` command): checked against the schema, then {@link toAvailabilityQuery}. */
export function parseAvailabilityQuery(raw: Readonly<Record<string, unknown>>, where = 'querystring'): AvailabilityReportQuery {
  return toAvailabilityQuery(checkQuery(AvailabilityQuerySchema, raw, where), where);
}

/**
 * The maintenance window a selector designates. A name matches a configured window exactly, else ignoring
 * case; an unknown name is `ERR_NOT_FOUND` listing the known windows.
 */
export function resolveWindow(selector: WindowSelector, windows: readonly MaintenanceWindow[]): { window: MaintenanceWindow; explicit: boolean } {
  if (selector.kind === 'explicit') {
    return { window: { name: `Du ${selector.from} au ${selector.to}`, from: selector.from, to: selector.to, timeZone: selector.timeZone, exceptions: [] }, explicit: true };
  }
  const found = windows.find((w) => w.name === selector.name) ?? windows.find((w) => w.name.toLowerCase() === selector.name.toLowerCase());
  if (found === undefined) {
    const known = windows.length === 0 ? 'none is configured (liveness.windows)' : windows.map((w) => `'${w.name}'`).join(', ');
    throw new AppError('ERR_NOT_FOUND', `window: no maintenance window named '${selector.name}' (known windows: ${known})`, {
      details: { field: 'window', knownWindows: windows.map((w) => w.name) },
    });
  }
  return { window: found, explicit: false };
}
