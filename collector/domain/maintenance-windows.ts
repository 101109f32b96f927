/**
 * Maintenance windows ("must stay on" periods): named ranges of whole days in a time zone, e.g.
 * `Bascule 2025: 2025-07-05 → 2025-09-12` in Europe/Paris. Dates are inclusive: the window runs from local
 * midnight of the first day to local midnight after the last day, whatever the UTC offset does in between
 * (daylight-saving changes are handled by luxon). A school (UAI) can be excluded or given its own dates.
 */
import { DateTime } from 'luxon';

/** Where an instant stands relative to a window's `[start, end)`. */
export const WINDOW_STATUSES = ['not_started', 'in_progress', 'over'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];

export function windowStatusAt(nowMs: number, startMs: number, endMs: number): WindowStatus {
  return nowMs < startMs ? 'not_started' : nowMs < endMs ? 'in_progress' : 'over';
}

/** A per-school exception: left out of the window, or with its own dates / time zone. */
export type WindowException =
  | { readonly uai: string; readonly exclude: true }
  | {
      readonly uai: string;
      readonly exclude?: false;
      readonly from?: string | undefined;
      readonly to?: string | undefined;
      readonly timeZone?: string | undefined;
    };

export interface MaintenanceWindow {
  readonly name: string;
  /** First day, `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  readonly to: string;
  /** IANA time zone of the dates (default Europe/Paris). */
  readonly timeZone: string;
  readonly exceptions: readonly WindowException[];
}

/** A window resolved for one school: `[startMs, endMs)` in UTC epoch ms. */
export interface WindowRange {
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  /** The time zone the dates were read in (used to show times in notices). */
  readonly timeZone: string;
}

/** Local midnight starting `date` in `zone`, as epoch ms (the first instant of that day if midnight is skipped). */
export function localDayStartMs(date: string, zone: string): number {
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) throw new RangeError(`invalid date '${date}' in zone '${zone}': ${day.invalidExplanation ?? ''}`);
  return day.startOf('day').toMillis();
}

/** Local midnight after the last day `date` (exclusive end), as epoch ms. */
export function localDayEndMs(date: string, zone: string): number {
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) throw new RangeError(`invalid date '${date}' in zone '${zone}': ${day.invalidExplanation ?? ''}`);
  return day.plus({ days: 1 }).startOf('day').toMillis();
}

/** The window's range for one school, or null when the school is excluded. */
export function windowRangeFor(window: MaintenanceWindow, uai: string): WindowRange | null {
  const exception = window.exceptions.find((e) => e.uai === uai);
  if (exception?.exclude === true) return null;
  const zone = exception?.timeZone ?? window.timeZone;
  const from = exception?.from ?? window.from;
  const to = exception?.to ?? window.to;
  return { name: window.name, startMs: localDayStartMs(from, zone), endMs: localDayEndMs(to, zone), timeZone: zone };
}

/** The window active for this school at `nowMs` (the one ending last when several overlap), or null. */
export function activeWindow(windows: readonly MaintenanceWindow[], uai: string, nowMs: number): WindowRange | null {
  let best: WindowRange | null = null;
  for (const w of windows) {
    const range = windowRangeFor(w, uai);
    if (range === null || nowMs < range.startMs || nowMs >= range.endMs) continue;
    if (best === null || range.endMs > best.endMs) best = range;
  }
  return best;
}

/** The start of the next window for this school strictly after `nowMs`, or null when none is planned. */
export function nextWindowStartMs(windows: readonly MaintenanceWindow[], uai: string, nowMs: number): number | null {
  let next: number | null = null;
  for (const w of windows) {
    const range = windowRangeFor(w, uai);
    if (range === null || range.startMs <= nowMs) continue;
    if (next === null || range.startMs < next) next = range.startMs;
  }
  return next;
}

export interface WindowResolver {
  rangesFor(uai: string): (WindowRange | null)[];
  nextStart(uai: string, nowMs: number): number | null;
  active(uai: string, nowMs: number): WindowRange | null;
}

/**
 * The windows resolved once: the default range of each window is computed a single time, a school with an
 * exception once per school. For hot paths (a scrape over thousands of servers).
 */
export function createWindowResolver(windows: readonly MaintenanceWindow[]): WindowResolver {
  let defaults: (WindowRange | null)[] | undefined; // computed on first use
  const perSchool = new Map<string, (WindowRange | null)[]>();
  function rangesFor(uai: string): (WindowRange | null)[] {
    if (!windows.some((w) => w.exceptions.some((e) => e.uai === uai))) {
      defaults ??= windows.map((w) => windowRangeFor({ ...w, exceptions: [] }, ''));
      return defaults;
    }
    let ranges = perSchool.get(uai);
    if (ranges === undefined) {
      ranges = windows.map((w) => windowRangeFor(w, uai));
      perSchool.set(uai, ranges);
    }
    return ranges;
  }
  return {
    /** Each window's range for this school, in the order of `windows` (null where the school is excluded). */
    rangesFor,
    /** Same answer as {@link nextWindowStartMs}. */
    nextStart(uai: string, nowMs: number): number | null {
      let next: number | null = null;
      for (const range of rangesFor(uai)) {
        if (range === null || range.startMs <= nowMs) continue;
        if (next === null || range.startMs < next) next = range.startMs;
      }
      return next;
    },
    /** Same answer as {@link activeWindow}. */
    active(uai: string, nowMs: number): WindowRange | null {
      let best: WindowRange | null = null;
      for (const range of rangesFor(uai)) {
        if (range === null || nowMs < range.startMs || nowMs >= range.endMs) continue;
        if (best === null || range.endMs > best.endMs) best = range;
      }
      return best;
    },
  };
}
