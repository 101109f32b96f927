import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createInstantFormatter, formatDateTimeFr, formatDayFr, formatFullInstantFr, formatInstantFr } from '../../../../collector/presentation/dates-fr.ts';

/** The same wording computed with luxon's calendar arithmetic, as an oracle for the fast formatter. */
function luxonInstantFr(at: Date, reference: Date, zone: string): string {
  const when = DateTime.fromJSDate(at, { zone });
  const ref = DateTime.fromJSDate(reference, { zone });
  if (when.hasSame(ref, 'day')) return when.toFormat('HH:mm');
  if (when.hasSame(ref, 'year')) return when.toFormat("'le' dd/LL 'à' HH:mm");
  return when.toFormat("'le' dd/LL/yyyy 'à' HH:mm");
}

describe('formatInstantFr', () => {
  it.each([
    ['same local day: bare time (summer time, UTC+2)', '2025-07-12T12:02:00Z', '2025-07-12T20:00:00Z', 'Europe/Paris', '14:02'],
    ['same UTC day but next local day', '2025-07-12T21:30:00Z', '2025-07-12T22:30:00Z', 'Europe/Paris', 'le 12/07 à 23:30'],
    ['earlier day of the same year', '2025-07-12T12:02:00Z', '2025-07-14T08:00:00Z', 'Europe/Paris', 'le 12/07 à 14:02'],
    ['earlier year', '2024-12-31T12:02:00Z', '2025-01-02T08:00:00Z', 'Europe/Paris', 'le 31/12/2024 à 13:02'],
    ['winter time, UTC+1', '2025-01-10T12:02:00Z', '2025-01-10T12:05:00Z', 'Europe/Paris', '13:02'],
    ['overseas window time zone (Réunion, UTC+4)', '2025-07-12T12:02:00Z', '2025-07-12T12:05:00Z', 'Indian/Reunion', '16:02'],
    ['overseas window time zone (Guadeloupe, UTC-4)', '2025-07-12T12:02:00Z', '2025-07-12T12:05:00Z', 'America/Guadeloupe', '08:02'],
  ])('%s', (_name, at, reference, zone, expected) => {
    expect(formatInstantFr(new Date(at), new Date(reference), zone)).toBe(expected);
  });

  it('shows the full date with the day name and the zone', () => {
    expect(formatFullInstantFr(new Date('2025-07-12T12:02:00Z'), 'Europe/Paris')).toBe(
      'samedi 12 juillet 2025 à 14:02 (Europe/Paris)',
    );
  });

  it('spans the autumn daylight-saving change (03:00 CEST → 02:00 CET)', () => {
    // 2025-10-26 00:30Z is 02:30 CEST; 01:30Z is 02:30 CET: same wall time, one hour apart.
    expect(formatInstantFr(new Date('2025-10-26T00:30:00Z'), new Date('2025-10-26T02:00:00Z'), 'Europe/Paris')).toBe('02:30');
    expect(formatInstantFr(new Date('2025-10-26T01:30:00Z'), new Date('2025-10-26T02:00:00Z'), 'Europe/Paris')).toBe('02:30');
  });
});

describe('createInstantFormatter', () => {
  it.each([
    { now: '2025-07-10T12:14:30Z', at: ['2025-07-10T12:02:00Z', '2025-07-09T22:00:00Z', '2025-07-09T21:59:00Z', '2025-01-01T00:00:00Z', '2024-12-31T22:59:00Z', '2024-12-31T23:00:00Z'] },
    { now: '2025-03-30T02:30:00Z', at: ['2025-03-30T00:59:00Z', '2025-03-30T01:00:00Z', '2025-03-29T23:00:00Z', '2025-03-29T22:59:00Z'] }, // spring forward
    { now: '2025-10-26T03:00:00Z', at: ['2025-10-26T00:30:00Z', '2025-10-26T01:30:00Z', '2025-10-25T22:00:00Z', '2025-10-25T21:59:00Z'] }, // fall back
    { now: '2026-01-01T00:30:00Z', at: ['2025-12-31T23:00:00Z', '2025-12-31T22:59:00Z', '2026-01-01T00:00:00Z'] }, // new year in Paris
  ])('agrees with a luxon reading of the calendar (now $now)', ({ now, at }) => {
    const instant = createInstantFormatter(new Date(now));
    for (const a of at) expect(instant(new Date(a))).toBe(luxonInstantFr(new Date(a), new Date(now), 'Europe/Paris'));
  });
});

describe('formatDateTimeFr and formatDayFr', () => {
  it('shows an instant in a sentence, in Paris by default', () => {
    expect(formatDateTimeFr(new Date('2026-11-29T19:35:00Z'))).toBe('29/11/2026 à 20:35');
    expect(formatDateTimeFr(new Date('2026-07-29T19:35:00Z'))).toBe('29/07/2026 à 21:35');
    expect(formatDateTimeFr(new Date('2026-07-29T19:35:00Z'), 'Indian/Reunion')).toBe('29/07/2026 à 23:35');
  });

  it('shows a calendar day', () => {
    expect(formatDayFr('2026-11-29')).toBe('29/11/2026');
  });
});
