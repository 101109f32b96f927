/** Loads the availability report from the store and renders it (shared by the HTTP route and the CLI). */
import { AppError } from '../../shared/errors.ts';
import type { LivenessSettings } from '../config/liveness-config.ts';
import { localDayEndMs, localDayStartMs, type MaintenanceWindow } from '../domain/maintenance-windows.ts';
import { renderAvailabilityCsv } from '../reports/availability-csv.ts';
import { renderAvailabilityHtml } from '../reports/availability-html.ts';
import { renderAvailabilityJson } from '../reports/availability-json.ts';
import { resolveWindow, type AvailabilityReportQuery } from '../reports/availability-query.ts';
import { buildAvailabilityReport } from '../reports/availability-report.ts';
import type { AvailabilityReport } from '../reports/availability-report-types.ts';
import type { Store } from '../storage/store.ts';
import { renderedReport, type RenderedReport } from '../reports/rendered-report.ts';
import { unwatchedRows } from '../status/unwatched-section.ts';
import { unwatchedSchools } from './school-coverage.ts';

export interface AvailabilityReportDeps {
  readonly store: Pick<Store, 'availability' | 'servers'> & Partial<Pick<Store, 'schools'>>;
  /** The configured maintenance windows (derived once from the configuration). */
  readonly liveness: Pick<LivenessSettings, 'windows'>;
}


/** The widest `[start, end)` any school of the window can have (exceptions may move dates or zones). */
export function boundingRange(w: MaintenanceWindow): { fromMs: number; toMs: number } {
  let fromMs = localDayStartMs(w.from, w.timeZone);
  let toMs = localDayEndMs(w.to, w.timeZone);
  for (const e of w.exceptions) {
    if (e.exclude === true) continue;
    const zone = e.timeZone ?? w.timeZone;
    fromMs = Math.min(fromMs, localDayStartMs(e.from ?? w.from, zone));
    toMs = Math.max(toMs, localDayEndMs(e.to ?? w.to, zone));
  }
  return { fromMs, toMs };
}

/**
 * The report model. An unknown window or a school with no enrolled server is `ERR_NOT_FOUND`.
 */
export async function loadAvailabilityReport(deps: AvailabilityReportDeps, query: Pick<AvailabilityReportQuery, 'window' | 'uai'>, now: Date): Promise<AvailabilityReport> {
  const { window, explicit } = resolveWindow(query.window, deps.liveness.windows);
  const inInventory = query.uai !== null && (await deps.store.schools?.get(query.uai)) !== undefined;
  if (query.uai !== null && !inInventory && !(await deps.store.servers.list()).some((s) => s.uai === query.uai)) {
    throw new AppError('ERR_NOT_FOUND', `uai: no server of school ${query.uai} is enrolled`);
  }
  const { fromMs, toMs } = boundingRange(window);
  const report = buildAvailabilityReport({
    window,
    explicit,
    uai: query.uai,
    now,
    servers: await deps.store.availability.serversWithOutages(query.uai, fromMs, toMs),
    silences: await deps.store.availability.silences(query.uai, fromMs, toMs),
  });
  if (deps.store.schools === undefined) return report;
  const excluded = new Set(report.excludedSchools);
  const unwatched = unwatchedSchools(await deps.store.schools.list(), await deps.store.servers.list()).filter((s) => (query.uai === null || s.uai === query.uai) && !excluded.has(s.uai));
  return { ...report, unwatchedSchools: unwatchedRows(unwatched) };
}

function slug(text: string): string {
  const s = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return s === '' ? 'periode' : s.slice(0, 60);
}

/** Loads and renders the report in the requested format. */
export async function renderAvailabilityReport(deps: AvailabilityReportDeps, query: AvailabilityReportQuery, now: Date): Promise<RenderedReport> {
  const report = await loadAvailabilityReport(deps, query, now);
  const section = query.format === 'csv' && query.section !== 'servers' ? `-${query.section}` : '';
  const fileName = `rapport-disponibilite-${slug(report.window.name)}-${query.uai ?? 'academie'}${section}.${query.format}`;
  const body = query.format === 'csv'
    ? renderAvailabilityCsv(report, query.section)
    : query.format === 'html'
      ? renderAvailabilityHtml(report)
      : renderAvailabilityJson(report);
  return renderedReport(query.format, fileName, body);
}
