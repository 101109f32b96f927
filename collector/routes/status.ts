/**
 * `GET /status?uai=`: the status page « État du parc Scribe » (French HTML, refreshed every 30 s) for the
 * rectorat's ENT team and school IT staff. Same tokens as the reports (admin or `reports.readerToken`), as a
 * bearer token or as the password of HTTP Basic auth, so a browser can open it. A malformed `uai` answers 400
 * naming it; a school with no enrolled server 404.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../../shared/errors.ts';
import { checkUai } from '../../shared/uai.ts';
import type { AppDeps } from '../deps.ts';
import { queryInvalid } from '../reports/query-schema.ts';
import { serverView, type ServerView } from '../services/server-views.ts';
import { loadWindowHistory } from '../services/window-history.ts';
import { schoolCoverage } from '../services/school-coverage.ts';
import { renderStatusHtml } from '../status/status-html.ts';
import { buildStatusView } from '../status/status-view.ts';
import type { VigieApp } from './http-schemas.ts';
import { registerReportRoute } from './report-route.ts';

/** `?uai=`: one school (any case, the check letter verified), or the whole fleet. */
export const StatusQuerySchema = Type.Object(
  { uai: Type.Optional(Type.String({ pattern: '^\\s*[0-9]{7}[A-Za-z]\\s*$', description: 'a school code of 7 digits and its check letter, e.g. 0860021F' })) },
  { additionalProperties: false },
);

/** The `uai` of the query string, normalised, or null for the whole fleet. */
export function toStatusQuery(input: Static<typeof StatusQuerySchema>): { readonly uai: string | null } {
  if (input.uai === undefined) return { uai: null };
  const checked = checkUai(input.uai);
  if (!checked.ok) return queryInvalid('querystring', 'uai', `a school code of 7 digits and its check letter, e.g. 0860021F (${checked.reason})`, input.uai);
  return { uai: checked.uai };
}

export function registerStatusRoutes(app: VigieApp, deps: AppDeps): void {
  const windows = deps.liveness.windowResolver;
  const windowList = deps.liveness.windows;
  const spec = { querystring: StatusQuerySchema, produces: ['text/html'], description: 'État du parc Scribe (HTML)' } as const;
  registerReportRoute(app, deps, '/status', spec, async (input, now) => {
    const { uai } = toStatusQuery(input);
    const nowMs = now.getTime();
    const rows = uai === null ? await deps.store.liveness.list() : await deps.store.liveness.listByUai(uai);
    const schools = schoolCoverage(await deps.store.schools.list(), await deps.store.servers.list()).filter((s) => uai === null || s.uai === uai);
    if (uai !== null && rows.length === 0 && schools.length === 0) throw new AppError('ERR_NOT_FOUND', `no server is enrolled for school ${uai}`);
    const fleetWindow = windows.active(uai ?? '', nowMs);
    const servers: ServerView[] = [];
    for (const row of rows) servers.push(await serverView(deps.store, row, windows, nowMs));
    const history = await loadWindowHistory(deps.store, windowList, uai, now);
    const view = buildStatusView({
      servers,
      now,
      uai,
      schools,
      windows: fleetWindow === null ? [] : [{ name: fleetWindow.name, endsAt: new Date(fleetWindow.endMs).toISOString() }],
      history,
    });
    return {
      contentType: 'text/html; charset=utf-8',
      fileName: `etat-du-parc${uai === null ? '' : `-${uai}`}.html`,
      body: renderStatusHtml(view),
      format: 'html',
    };
  });
}
