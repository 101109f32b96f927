// The demo collector's configuration (pure): a compressed summer window starting today (Europe/Paris), a
// fast liveness sweep, no reminders, the admin and reader tokens, SQLite under the demo folder.
import { DateTime } from 'luxon';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';

export interface DemoWindow {
  readonly name: string;
  /** First and last days, YYYY-MM-DD (Europe/Paris). */
  readonly from: string;
  readonly to: string;
  /** Local midnight of the first day: where the simulated clock starts. */
  readonly startMs: number;
}

/** A window of `days` days starting today in Paris, named after the year (« Bascule 2026 (démo) »). */
export function demoWindow(now: Date, days: number): DemoWindow {
  const today = DateTime.fromJSDate(now, { zone: PARIS_TIME_ZONE }).startOf('day');
  return {
    name: `Bascule ${today.year} (démo)`,
    from: today.toISODate()!,
    to: today.plus({ days: days - 1 }).toISODate()!,
    startMs: today.toMillis(),
  };
}

/** The collector YAML (JSON is YAML). */
export function demoCollectorYaml(opts: { window: DemoWindow; adminToken: string; readerToken: string }): string {
  return JSON.stringify({
    adminToken: opts.adminToken,
    reports: { readerToken: opts.readerToken },
    liveness: {
      sweepInterval: '250ms',
      reminderEvery: '0',
      windows: [{ name: opts.window.name, from: opts.window.from, to: opts.window.to, timeZone: PARIS_TIME_ZONE }],
    },
  });
}
