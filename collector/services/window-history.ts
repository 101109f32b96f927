/** Loads the maintenance-window part of the status page: the focused windows and the availability report of the one shown. */
import type { MaintenanceWindow } from '../domain/maintenance-windows.ts';
import { buildAvailabilityReport } from '../reports/availability-report.ts';
import type { Store } from '../storage/store.ts';
import { focusWindows } from '../status/window-focus.ts';
import { buildWindowHistoryView, type WindowHistoryView } from '../status/window-history-view.ts';
import { boundingRange } from './availability-report.ts';

/**
 * The availability report of the window in progress (or the last one), as the report route computes it: two
 * queries bounded by the window (servers, outages and silences overlapping it), then the pure model; linear in
 * servers + outages. The caller has already checked the school exists.
 */
export async function loadWindowHistory(store: Pick<Store, 'availability'>, windows: readonly MaintenanceWindow[], uai: string | null, now: Date): Promise<WindowHistoryView> {
  const focus = focusWindows(windows, uai, now.getTime());
  if (focus.history === null) return buildWindowHistoryView(focus, null, now);
  const { window } = focus.history;
  const { fromMs, toMs } = boundingRange(window);
  const report = buildAvailabilityReport({
    window,
    explicit: false,
    uai,
    now,
    servers: await store.availability.serversWithOutages(uai, fromMs, toMs),
    silences: await store.availability.silences(uai, fromMs, toMs),
  });
  return buildWindowHistoryView(focus, report, now);
}
