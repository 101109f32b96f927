// French wording of days, dates and times (Europe/Paris unless a maintenance window's own zone is given).
import { DateTime } from 'luxon';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import { createLocalDateTimeFormatter } from './local-date-time.ts';

/** Formats instants relative to a fixed reference instant, in one time zone. */
export type InstantFormatter = (at: Date) => string;

/**
 * Instants relative to `reference` (both shown in `timeZone`): « 14:02 » on the same local day, « le 12/07 à 14:02 »
 * in the same year, « le 12/07/2024 à 14:02 » otherwise. Fast: a page or a report may list thousands of rows.
 */
export function createInstantFormatter(reference: Date, timeZone: string = PARIS_TIME_ZONE): InstantFormatter {
  const local = createLocalDateTimeFormatter(); // `dd/MM/yyyy HH:mm`
  const today = local(reference.toISOString(), timeZone);
  return (at) => {
    const text = local(at.toISOString(), timeZone);
    if (text.slice(0, 10) === today.slice(0, 10)) return text.slice(11);
    if (text.slice(6, 10) === today.slice(6, 10)) return `le ${text.slice(0, 5)} à ${text.slice(11)}`;
    return `le ${text.slice(0, 10)} à ${text.slice(11)}`;
  };
}

/** One instant relative to a reference (see {@link createInstantFormatter}). */
export function formatInstantFr(at: Date, reference: Date, timeZone: string): string {
  return createInstantFormatter(reference, timeZone)(at);
}

/** A full date and time with the zone: « samedi 12 juillet 2025 à 14:02 (Europe/Paris) ». */
export function formatFullInstantFr(at: Date, timeZone: string): string {
  return `${DateTime.fromJSDate(at, { zone: timeZone }).setLocale('fr').toFormat("cccc d LLLL yyyy 'à' HH:mm")} (${timeZone})`;
}

/** A date and time in a sentence: « 29/11/2026 à 20:35 » (Europe/Paris unless told otherwise). */
export function formatDateTimeFr(at: Date, timeZone: string = PARIS_TIME_ZONE): string {
  const text = createLocalDateTimeFormatter()(at.toISOString(), timeZone);
  return `${text.slice(0, 10)} à ${text.slice(11)}`;
}

/** A calendar day written `YYYY-MM-DD`, for French readers: « 29/11/2026 ». */
export function formatDayFr(day: string): string {
  return DateTime.fromISO(day, { zone: PARIS_TIME_ZONE }).toFormat('dd/MM/yyyy');
}
