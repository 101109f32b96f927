import { DateTime } from 'luxon';
import { AppError } from '../../shared/errors.ts';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';

/**
 * A command-line date: `YYYY-MM-DD` (a day in Europe/Paris: its end for `--expires`, its start for `--since`)
 * or an ISO-8601 date-time with an offset (`2025-09-30T18:00:00+02:00`).
 */
export function parseDateOption(option: string, value: string, dayEdge: 'start' | 'end'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone: PARIS_TIME_ZONE });
    if (day.isValid) return (dayEdge === 'end' ? day.endOf('day') : day.startOf('day')).toJSDate();
  } else if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const at = DateTime.fromISO(value, { setZone: true });
    if (at.isValid) return at.toJSDate();
  }
  throw new AppError('ERR_USAGE', `${option} is invalid, expected YYYY-MM-DD or an ISO-8601 date-time with offset (actual: '${value}')`);
}

/** A duration option in days (`7`, `7d`) or hours (`12h`), in ms. */
export function parseDurationOption(option: string, value: string): number {
  const m = /^(\d+)\s*(d|h)?$/.exec(value.trim());
  if (m === null || Number(m[1]) <= 0) throw new AppError('ERR_USAGE', `${option} is invalid, expected a number of days (7d) or hours (12h) (actual: '${value}')`);
  return Number(m[1]) * (m[2] === 'h' ? 3_600_000 : 86_400_000);
}
