// Calendar days in Europe/Paris: they key the daily report snapshots and date the quota report.
import { DateTime } from 'luxon';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';

/** The calendar day (`YYYY-MM-DD`) of an instant in Europe/Paris. */
export function parisDay(at: Date): string {
  const day = DateTime.fromJSDate(at, { zone: PARIS_TIME_ZONE }).toISODate();
  if (day === null) throw new RangeError(`parisDay: invalid instant ${String(at)}`);
  return day;
}

/** `day` shifted by `deltaDays` calendar days (`YYYY-MM-DD` in, `YYYY-MM-DD` out). */
export function addDays(day: string, deltaDays: number): string {
  const shifted = DateTime.fromISO(day, { zone: PARIS_TIME_ZONE }).plus({ days: deltaDays }).toISODate();
  if (shifted === null) throw new RangeError(`addDays: invalid day '${day}'`);
  return shifted;
}

/** True when `value` is a real calendar day written `YYYY-MM-DD`. */
export function isCalendarDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: PARIS_TIME_ZONE }).isValid;
}
