// The status page « État du parc Scribe » as one self-contained French HTML page: inline CSS (the reports'
// stylesheet plus a few rules), no script, no external resource, refreshed by the browser every 30 s. Pure: it
// lays out a StatusView and escapes every text.
import { escapeHtml as e } from '../html/escape-html.ts';
import { QUOTA_HTML_STYLE } from '../reports/quota-html-style.ts';
import type { AttentionRow, OnlineAcademie, StatusView, WindowLine } from './status-view.ts';
import { renderHtmlPage } from '../html/page.ts';
import { STATE_COUNT_LABELS } from '../presentation/liveness-labels-fr.ts';
import { renderWindowBanner, renderWindowHistory, WINDOW_HISTORY_STYLE } from './window-history-html.ts';
import { renderUnwatchedSection } from './unwatched-section.ts';

/** Seconds between two automatic reloads of the page. */
export const STATUS_REFRESH_SECONDS = 30;

const STATUS_STYLE = `
.verdict { font-size: 18px; font-weight: 700; margin: 4px 0 14px; padding: 10px 14px; border-radius: 6px; border-left: 6px solid; background: #fff; }
.verdict.good { border-color: #3a7d44; color: #2d6a35; } .verdict.bad { border-color: #c0392b; color: #b03a2e; }
.verdict.warn { border-color: #d98e04; color: #9a6700; } .verdict.none { border-color: #8a939d; color: #56606b; }
.card { border-top: 4px solid #8a939d; }
.card.online { border-top-color: #3a7d44; } .card.late { border-top-color: #d98e04; } .card.offline { border-top-color: #c0392b; }
.card.shutdown { border-top-color: #1f4e79; } .card.unknown { border-top-color: #8a939d; }
.card.zero .value { color: #8a939d; }
.window { margin: 14px 0 0; padding: 10px 14px; border-radius: 6px; background: #e3ecf7; border: 1px solid #b9cde6; }
.window.none { background: #fff; border-color: var(--line); color: #56606b; }
.window p { margin: 2px 0; }
table.attention td { padding: 6px 8px; }
table.attention td.state { font-weight: 700; white-space: nowrap; border-left: 6px solid #8a939d; }
tr.down_in_window td { background: var(--hard); } tr.down_in_window td.state { border-left-color: #c0392b; color: #b03a2e; }
tr.offline td.state { border-left-color: #c0392b; } tr.shutdown td.state { border-left-color: #1f4e79; }
tr.late td.state { border-left-color: #d98e04; } tr.unknown td.state { border-left-color: #8a939d; color: #56606b; }
td.uai, span.uai { font-family: ui-monospace, "DejaVu Sans Mono", monospace; white-space: nowrap; }
td.since { white-space: nowrap; } td.since .lasting { display: block; color: #56606b; font-size: 12px; }
h3 { font-size: 14px; margin: 14px 0 6px; color: #1b1f24; }
ul.online { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 4px 16px; }
ul.online li { background: #fff; border: 1px solid var(--line); border-left: 4px solid #3a7d44; border-radius: 4px; padding: 4px 8px; font-size: 13px; }
ul.online .machines { color: #56606b; }
`;

const COUNT_CARDS = ['online', 'late', 'offline', 'shutdown', 'unknown'] as const satisfies ReadonlyArray<keyof StatusView['counts']>;

function cards(view: StatusView): string {
  const items = COUNT_CARDS.map((key) => {
    const n = view.counts[key];
    const label = STATE_COUNT_LABELS[key];
    return `<div class="card ${key}${n === 0 ? ' zero' : ''}"><div class="label">${e(label)}</div><div class="value">${n}</div></div>`;
  });
  return `<div class="cards">${items.join('')}</div>`;
}

function windowBlock(windows: readonly WindowLine[]): string {
  if (windows.length === 0) return '<div class="window none"><p>Aucune période de maintenance en cours.</p></div>';
  const lines = windows.map(
    (w) =>
      `<p><strong>Période de maintenance « ${e(w.name)} » en cours</strong> : elle se termine le ${e(w.endsAt)}, ` +
      `dans ${e(w.timeLeft)}. Les serveurs doivent rester allumés jusque-là.</p>`,
  );
  return `<div class="window active">${lines.join('')}</div>`;
}

function attentionRow(r: AttentionRow): string {
  const since = r.since === null ? '—' : `${e(r.since)}<span class="lasting">${e(r.lasting ?? '')}</span>`;
  return (
    `<tr class="${r.attention}"><td class="state">${e(r.stateLabel)}</td><td class="uai">${e(r.uai)}</td>` +
    `<td class="school">${e(r.school)}</td><td class="machine">${e(r.machine)}</td><td class="since">${since}</td>` +
    `<td class="cause">${e(r.cause ?? '—')}</td><td class="silence">${r.silence === null ? '' : `Silence ${e(r.silence)}`}</td></tr>`
  );
}

function attentionSection(view: StatusView): string {
  const body =
    view.attention.length === 0
      ? `<p class="empty">${view.counts.total === 0 ? 'Aucun serveur.' : 'Aucun : tous les serveurs sont en ligne.'}</p>`
      : '<table class="attention"><thead><tr><th>État</th><th>UAI</th><th>Établissement</th><th>Machine</th><th>Depuis</th>' +
        `<th>Cause</th><th>Silence</th></tr></thead><tbody>${view.attention.map(attentionRow).join('')}</tbody></table>`;
  return `<section><h2>Serveurs à surveiller (${view.attention.length})</h2>${body}</section>`;
}

function onlineSection(groups: readonly OnlineAcademie[], count: number): string {
  const body =
    groups.length === 0
      ? '<p class="empty">Aucun serveur en ligne.</p>'
      : groups
          .map((g) => {
            const items = g.schools.map(
              (s) => `<li><span class="uai">${e(s.uai)}</span> <span class="school">${e(s.school)}</span> — <span class="machines">${e(s.machines.join(', '))}</span></li>`,
            );
            return `<h3>${e(g.academie)}</h3><ul class="online">${items.join('')}</ul>`;
          })
          .join('');
  return `<section><h2>Serveurs en ligne (${count})</h2>${body}</section>`;
}

/** The whole page. */
export function renderStatusHtml(view: StatusView): string {
  return renderHtmlPage({
    title: view.title,
    style: `${QUOTA_HTML_STYLE}${STATUS_STYLE}${WINDOW_HISTORY_STYLE}`,
    refreshSeconds: STATUS_REFRESH_SECONDS,
    body: `<header>
<h1>${e(view.title)}</h1>
<p class="scope">${e(view.scope)}</p>
<p class="meta">Mis à jour le ${e(view.updatedAt)} — la page se recharge toutes les ${STATUS_REFRESH_SECONDS} s.</p>
</header>
<main>
<section>
${renderWindowBanner(view.history)}
<p class="verdict ${view.verdictLevel}">${e(view.verdict)}</p>
${cards(view)}
${windowBlock(view.windows)}
</section>
${attentionSection(view)}
${renderWindowHistory(view.history)}
${view.unwatched !== undefined && view.unwatched.length > 0 ? renderUnwatchedSection(view.unwatched) : ''}
${onlineSection(view.online, view.counts.online)}
</main>
<footer>Vigie — supervision des serveurs Scribe. « Depuis » : début de l'interruption (dernier signe de vie), dernier signal reçu pour un serveur en retard, inscription pour un serveur jamais connecté.</footer>`,
  });
}
