import { DateTime } from 'luxon';

/** The time zone whose calendar days key daily report snapshots and date the quota report. */
export const REPORT_TIME_ZONE = 'Europe/Paris';

/** The calendar day (`YYYY-MM-DD`) of an instant in Europe/Paris. */
export function parisDay(at: Date): string {
  const day = DateTime.fromJSDate(at, { zone: REPORT_TIME_ZONE }).toISODate();
  if (day === null) throw new RangeError(`parisDay: invalid instant ${String(at)}`);
  return day;
}

/** `day` shifted by `deltaDays` calendar days (`YYYY-MM-DD` in, `YYYY-MM-DD` out). */
export function addDays(day: string, deltaDays: number): string {
  const shifted = DateTime.fromISO(day, { zone: REPORT_TIME_ZONE }).plus({ days: deltaDays }).toISODate();
  if (shifted === null) throw new RangeError(`addDays: invalid day '${day}'`);
  return shifted;
}

/** True when `value` is a real calendar day written `YYYY-MM-DD`. */
export function isCalendarDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: REPORT_TIME_ZONE }).isValid;
}

/** An instant shown to French readers: `29/11/2026 à 20:35` (Europe/Paris). */
export function formatParisDateTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: REPORT_TIME_ZONE }).toFormat("dd/MM/yyyy 'à' HH:mm");
}

/** A `YYYY-MM-DD` day shown to French readers: `29/11/2026`. */
export function formatFrenchDay(day: string): string {
  return DateTime.fromISO(day, { zone: REPORT_TIME_ZONE }).toFormat('dd/MM/yyyy');
}
