// The maintenance-window parts of the status page (pure): the banner at the top, then a section with the timeline
// picture (inline SVG) and the incidents of the window. Every text is escaped here.
import { escapeHtml as e } from '../html/escape-html.ts';
import { renderTimelineSvg } from '../html/svg/timeline-svg.ts';
import type { IncidentLine, WindowHistory, WindowHistoryView } from './window-history-view.ts';

export const WINDOW_HISTORY_STYLE = `
.window-banner { margin: 0 0 12px; padding: 10px 14px; border-radius: 6px; border-left: 6px solid #1f4e79; background: #e3ecf7; }
.window-banner.in_progress { border-left-color: #c0392b; background: #fdeeee; } .window-banner.over { border-left-color: #8a939d; background: #fff; }
.window-banner .title { font-size: 17px; font-weight: 700; margin: 0; } .window-banner .detail { margin: 2px 0 0; color: #3b434c; }
svg.timeline { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px; margin: 8px 0 12px; }
table.incidents td.cause { white-space: nowrap; } table.incidents tr.ongoing td { background: var(--hard); }
.cause-dot { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.cause-dot.shutdown { background: #1f4e79; } .cause-dot.power_loss { background: #c0392b; } .cause-dot.network { background: #d98e04; } .cause-dot.site { background: #7d3c98; }
`;

function incidentRow(i: IncidentLine): string {
  return `<tr class="${i.ongoing ? 'ongoing' : 'ended'}"><td class="uai">${e(i.uai)}</td><td>${e(i.school)}</td><td>${e(i.machine)}</td>`
    + `<td class="cause"><span class="cause-dot ${i.cause}"></span>${e(i.causeLabel)}</td><td class="since">${e(i.start)}</td>`
    + `<td class="since">${i.ongoing ? '<strong>en cours</strong>' : e(i.end)}</td><td class="num">${e(i.duration)}</td></tr>`;
}

function historyBlock(h: WindowHistory): string {
  const table = h.incidents.length === 0
    ? '<p class="empty">Aucune interruption pendant la fenêtre.</p>'
    : '<table class="incidents"><thead><tr><th>UAI</th><th>Établissement</th><th>Machine</th><th>Cause</th><th>Début</th><th>Fin</th>'
      + `<th>Durée</th></tr></thead><tbody>${h.incidents.map(incidentRow).join('')}</tbody></table>`;
  const more = h.incidentCount > h.incidents.length
    ? `<p class="hint">Les ${h.incidents.length} plus récentes sur ${h.incidentCount} : la liste complète est dans le rapport de disponibilité.</p>`
    : '';
  return `<p class="hint">${e(h.summary)}</p>`
    + `${renderTimelineSvg(h.rows, h.window, { id: 'chronologie', title: h.timelineTitle })}`
    + `<h3>Interruptions de la fenêtre, les plus récentes d'abord</h3>${table}${more}`;
}

/** The banner of the focused window (in progress, next or last), or nothing when no window is configured. */
export function renderWindowBanner(view: WindowHistoryView | undefined): string {
  if (view?.banner == null) return '';
  return `<div class="window-banner ${view.banner.status}"><p class="title">${e(view.banner.title)}</p><p class="detail">${e(view.banner.detail)}</p></div>`;
}

/** The timeline and incidents of the window in progress (or the last one), or nothing when there is none. */
export function renderWindowHistory(view: WindowHistoryView | undefined): string {
  if (view?.history == null) return '';
  return `<section class="window-history"><h2>${e(view.history.heading)}</h2>${historyBlock(view.history)}</section>`;
}
