// Which maintenance window the status page talks about (pure): the banner shows the window in progress, else
// the next one, else the last one; the history (timeline and incidents) is the window in progress, else the
// most recent one that has started.
import { windowRangeFor, type MaintenanceWindow, type WindowRange, type WindowStatus } from '../domain/maintenance-windows.ts';

export interface FocusedWindow {
  readonly window: MaintenanceWindow;
  /** Its range for the page's scope (the fleet's default dates, or the school's own). */
  readonly range: WindowRange;
  readonly status: WindowStatus;
}

export interface WindowFocus {
  readonly banner: FocusedWindow | null;
  readonly history: FocusedWindow | null;
}

/** `uai` null: the whole fleet (the windows' default dates, exceptions aside). */
export function focusWindows(windows: readonly MaintenanceWindow[], uai: string | null, nowMs: number): WindowFocus {
  let current: FocusedWindow | null = null;
  let next: FocusedWindow | null = null;
  let last: FocusedWindow | null = null;
  for (const w of windows) {
    const range = uai === null ? windowRangeFor({ ...w, exceptions: [] }, '') : windowRangeFor(w, uai);
    if (range === null) continue;
    if (nowMs >= range.startMs && nowMs < range.endMs) {
      if (current === null || range.endMs > current.range.endMs) current = { window: w, range, status: 'in_progress' };
    } else if (range.startMs > nowMs) {
      if (next === null || range.startMs < next.range.startMs) next = { window: w, range, status: 'not_started' };
    } else if (last === null || range.endMs > last.range.endMs) {
      last = { window: w, range, status: 'over' };
    }
  }
  return { banner: current ?? next ?? last, history: current ?? last };
}
