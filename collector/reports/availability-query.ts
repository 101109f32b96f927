// The options of an availability report request (HTTP query string or CLI flags), validated once (pure), and
// the window they designate (a configured maintenance window by name, or explicit dates).
import { IANAZone } from 'luxon';
import type { MaintenanceWindow } from '../domain/maintenance-windows.ts';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import { AVAILABILITY_CSV_SECTIONS, type AvailabilityCsvSection } from './availability-csv.ts';
import { isCalendarDay } from './paris-day.ts';
import { AppError } from '../../shared/errors.ts';
import { readQuery } from './query-reader.ts';

export type AvailabilityReportFormat = 'csv' | 'json' | 'html';
export const AVAILABILITY_REPORT_FORMATS: readonly AvailabilityReportFormat[] = ['csv', 'json', 'html'];
const FIELDS = ['window', 'from', 'to', 'tz', 'uai', 'format', 'section'] as const;

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
 * Validates raw options. `where` prefixes messages (`querystring`, `report availability`). Throws
 * `ERR_REPORT_QUERY_INVALID` naming the field (`details.field`).
 */
export function parseAvailabilityQuery(raw: Readonly<Record<string, unknown>>, where = 'querystring'): AvailabilityReportQuery {
  const { bad, text } = readQuery(raw, FIELDS, where);
  const name = text('window');
  const from = text('from');
  const to = text('to');
  const tz = text('tz');
  let window: WindowSelector;
  if (name !== null) {
    if (from !== null || to !== null || tz !== null) bad(from !== null ? 'from' : to !== null ? 'to' : 'tz', 'nothing when window is given (a window has its own dates)', from ?? to ?? tz);
    window = { kind: 'named', name: name.trim() };
  } else {
    if (from === null && to === null) bad('window', 'the name of a maintenance window, or from and to', undefined);
    if (from === null || !isCalendarDay(from)) bad('from', 'a date YYYY-MM-DD', from);
    if (to === null || !isCalendarDay(to)) bad('to', 'a date YYYY-MM-DD', to);
    if (to! < from!) bad('to', `a day on or after from (${from})`, to);
    const timeZone = tz ?? PARIS_TIME_ZONE;
    if (!IANAZone.isValidZone(timeZone)) bad('tz', 'an IANA time zone such as Europe/Paris', timeZone);
    window = { kind: 'explicit', from: from!, to: to!, timeZone };
  }
  const uai = text('uai');
  if (uai !== null && !/^[0-9]{7}[A-Z]$/.test(uai)) bad('uai', 'a school code of 7 digits and an upper-case letter, e.g. 0860021F', uai);
  const format = text('format') ?? 'json';
  if (!(AVAILABILITY_REPORT_FORMATS as readonly string[]).includes(format)) bad('format', `one of ${AVAILABILITY_REPORT_FORMATS.join(', ')}`, format);
  const section = text('section') ?? 'servers';
  if (!(AVAILABILITY_CSV_SECTIONS as readonly string[]).includes(section)) bad('section', `one of ${AVAILABILITY_CSV_SECTIONS.join(', ')}`, section);
  return { window, uai, format: format as AvailabilityReportFormat, section: section as AvailabilityCsvSection };
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
