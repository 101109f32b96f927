// The availability report as one self-contained French HTML page (inline CSS, no script, no external resource),
// with the look of the quota report (same stylesheet, plus a few availability-specific rules).
import { OUTAGE_CAUSES } from '../domain/liveness-state.ts';
import { formatDayFr } from '../presentation/dates-fr.ts';
import { formatDurationFr } from '../presentation/durations-fr.ts';
import { CAUSE_LABELS, stateLabel } from '../presentation/liveness-labels-fr.ts';
import { causeWithDetailFr } from '../presentation/ups-labels-fr.ts';
import { createLocalDateTimeFormatter, type LocalDateTimeFormatter } from '../presentation/local-date-time.ts';
import { formatIntegerFr, formatRatioFr } from '../presentation/numbers-fr.ts';
import { WINDOW_STATUS_LABELS } from '../presentation/window-labels-fr.ts';
import type { AvailabilityReport, FleetSummary, SchoolAvailability, ServerAvailability } from './availability-report-types.ts';
import { renderUnwatchedSection } from '../status/unwatched-section.ts';
import { escapeHtml as e } from '../html/escape-html.ts';
import { QUOTA_HTML_STYLE } from './quota-html-style.ts';
import { renderHtmlPage } from '../html/page.ts';
import { renderAvailabilityTimeline } from './availability-timeline.ts';

const AVAILABILITY_STYLE = `
tr.down-now td { background: var(--hard); }
td.bad { color: #b03a2e; font-weight: 700; } td.warn { color: #9a6700; font-weight: 700; } td.good { color: #2d6a35; }
.cause { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; white-space: nowrap; }
.cause.shutdown { background: #e3ecf7; } .cause.power_loss { background: #fde2e1; } .cause.network { background: #e6f2e8; } .cause.site { background: #fff1d6; }
.method p { margin: 4px 0; max-width: 70em; }
.status { font-weight: 600; }
.nowrap { white-space: nowrap; }
svg.timeline { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
`;

const dur = (seconds: number): string => e(formatDurationFr(seconds * 1000));
const ratio = (r: number | null): string => e(formatRatioFr(r));
const int = (n: number): string => e(formatIntegerFr(n));

/** Colour class of an availability ratio. */
function level(r: number | null): string {
  if (r === null) return '';
  return r < 0.99 ? 'bad' : r < 0.999 ? 'warn' : 'good';
}

/** The whole page. */
export function renderAvailabilityHtml(report: AvailabilityReport): string {
  const w = report.window;
  const scope = report.uai === null
    ? `Ensemble des établissements (${formatIntegerFr(report.fleet.schools)})`
    : `Établissement ${report.uai}${report.schools[0]?.schoolName ? ` — ${report.schools[0].schoolName}` : ''}`;
  const local = createLocalDateTimeFormatter();
  const period = `${w.explicit ? 'Période' : `Période « ${w.name} »`} du ${formatDayFr(w.from)} au ${formatDayFr(w.to)} inclus (${w.timeZone})`;
  return renderHtmlPage({
    title: `${report.title} — ${scope}`,
    style: `${QUOTA_HTML_STYLE}${AVAILABILITY_STYLE}`,
    body: `<header>
<h1>${e(report.title)}</h1>
<p class="scope">${e(scope)}</p>
<p class="meta">${e(period)} · généré le ${e(local(report.generatedAt, w.timeZone))}</p>
<p class="meta status">${e(WINDOW_STATUS_LABELS[w.status])}</p>
</header>
<main>
${summaryCards(report.fleet)}
${exceptionsNote(report)}
<section>
<h2>Chronologie</h2>
<p class="hint">Une ligne par serveur, les moins disponibles en haut ; survolez une ligne ou une interruption pour le détail.</p>
${renderAvailabilityTimeline(report)}
</section>
<section>
<h2>Par établissement</h2>
${schoolsTable(report.schools)}
</section>
${report.unwatchedSchools !== undefined && report.unwatchedSchools.length > 0 ? renderUnwatchedSection(report.unwatchedSchools) : ''}
<section>
<h2>Par serveur</h2>
<p class="hint">Les serveurs les moins disponibles sont listés en premier. Les heures sont celles du fuseau de la période.</p>
${serversTable(report.servers, local)}
</section>
<section>
<h2>Interruptions</h2>
${outagesTable(report.servers, local)}
</section>
<section class="method">
<h2>Méthode de calcul</h2>
${report.method.map((p) => `<p>${e(p)}</p>`).join('\n')}
</section>
</main>
<footer>
<p>Vigie — rapport généré automatiquement à partir des signaux de vie envoyés par les serveurs Scribe. Les exports CSV
et JSON contiennent les mêmes chiffres.</p>
</footer>`,
  });
}

function summaryCards(f: FleetSummary): string {
  const cards: Array<[string, string]> = [
    ['Disponibilité', ratio(f.availability)],
    ['Sous tension', ratio(f.poweredRatio)],
    ['Serveurs jamais injoignables', `${int(f.serversAlwaysReachable)} / ${int(f.serversMeasured)}`],
    ['Serveurs jamais éteints', `${int(f.serversNeverPoweredOff)} / ${int(f.serversMeasured)}`],
    ['Serveurs éteints 1 h ou plus', int(f.serversOffAtLeastOneHour)],
    ['Hors service actuellement', int(f.serversDownNow)],
    ['Jamais connectés', int(f.serversNeverReported)],
    ['Interruptions', int(f.outageCount)],
  ];
  const byCause = OUTAGE_CAUSES.map((c) => `${e(CAUSE_LABELS[c])} : ${int(f.outagesByCause[c])} (${dur(f.unreachableByCause[c])})`).join(' · ');
  return `<section class="cards">${cards
    .map(([label, value]) => `<div class="card"><div class="label">${e(label)}</div><div class="value">${value}</div></div>`)
    .join('')}</section>
<p class="hint">Par cause : ${byCause}. Temps sous silence (travaux annoncés, non compté) : ${dur(f.silencedSeconds)}.</p>`;
}

function exceptionsNote(report: AvailabilityReport): string {
  const lines: string[] = [];
  if (report.excludedSchools.length > 0) lines.push(`Établissements exclus de la période : ${e(report.excludedSchools.join(', '))}.`);
  for (const x of report.schoolExceptions) {
    lines.push(`${e(x.uai)} : période propre du ${e(formatDayFr(x.from))} au ${e(formatDayFr(x.to))} (${e(x.timeZone)}).`);
  }
  return lines.length === 0 ? '' : `<p class="hint">${lines.join('<br>')}</p>`;
}

const FIGURE_HEADS = '<th>Temps mesuré</th><th>Injoignable</th>'
  + `${OUTAGE_CAUSES.map((c) => `<th>${e(CAUSE_LABELS[c])}</th>`).join('')}<th>Disponibilité</th><th>Sous tension</th><th>Interruptions</th><th>La plus longue</th>`;

function figureCells(f: SchoolAvailability | ServerAvailability): string {
  return `<td class="num">${dur(f.measuredSeconds)}</td><td class="num strong">${dur(f.unreachableSeconds)}</td>`
    + OUTAGE_CAUSES.map((c) => `<td class="num">${dur(f.unreachableByCause[c])}</td>`).join('')
    + `<td class="num avail ${level(f.availability)}">${ratio(f.availability)}</td><td class="num ${level(f.poweredRatio)}">${ratio(f.poweredRatio)}</td>`
    + `<td class="num">${int(f.outageCount)}</td><td class="num">${dur(f.longestOutageSeconds)}</td>`;
}

function schoolsTable(schools: readonly SchoolAvailability[]): string {
  if (schools.length === 0) return '<p class="empty">Aucun établissement dans la période.</p>';
  const rows = schools.map((s) => `<tr${s.serversDownNow > 0 ? ' class="down-now"' : ''}><td>${e(s.uai)}</td><td>${e(s.schoolName)}</td>`
    + `<td class="num">${int(s.servers)}</td>${figureCells(s)}</tr>`);
  return `<table class="schools"><thead><tr><th>UAI</th><th>Établissement</th><th>Serveurs</th>${FIGURE_HEADS}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function serversTable(servers: readonly ServerAvailability[], local: LocalDateTimeFormatter): string {
  if (servers.length === 0) return '<p class="empty">Aucun serveur dans la période.</p>';
  const rows = servers.map((s) => {
    const period = s.periodFrom === null || s.periodTo === null
      ? '—'
      : `<span class="nowrap">du ${e(local(s.periodFrom, s.timeZone))}</span><br><span class="nowrap">au ${e(local(s.periodTo, s.timeZone))}</span>`;
    const notes = [
      s.notMonitoredSeconds > 0 ? `avant le premier signal : ${dur(s.notMonitoredSeconds)}` : '',
      s.silencedSeconds > 0 ? `sous silence : ${dur(s.silencedSeconds)}${s.downWhileSilencedSeconds > 0 ? ` (dont injoignable ${dur(s.downWhileSilencedSeconds)})` : ''}` : '',
    ].filter((n) => n !== '');
    return `<tr${s.downNow ? ' class="down-now"' : ''}><td>${e(s.uai)}</td><td>${e(s.server)}</td><td>${e(stateLabel(s.state))}</td>`
      + `<td>${period}${notes.length > 0 ? `<br><small>${notes.join(' · ')}</small>` : ''}</td>${figureCells(s)}</tr>`;
  });
  return '<table class="servers"><thead><tr><th>UAI</th><th>Serveur</th><th>État actuel</th><th>Période couverte</th>'
    + `${FIGURE_HEADS}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function outagesTable(servers: readonly ServerAvailability[], local: LocalDateTimeFormatter): string {
  const rows = servers.flatMap((s) => s.outages.map((o) => {
    const start = `${e(local(o.from, s.timeZone))}${o.startsBeforePeriod ? ` <small>(depuis le ${e(local(o.startedAt, s.timeZone))})</small>` : ''}`;
    const end = o.ongoing
      ? '<strong>en cours</strong>'
      : `${e(local(o.to, s.timeZone))}${o.continuesAfterPeriod && o.endedAt !== null ? ` <small>(jusqu'au ${e(local(o.endedAt, s.timeZone))})</small>` : ''}`;
    const cause = `<span class="cause ${o.cause}">${e(causeWithDetailFr(o.cause, o.causeDetail))}</span>${o.provisional ? ' <small>(provisoire)</small>' : ''}`;
    return `<tr${o.ongoing ? ' class="down-now"' : ''}><td>${e(s.uai)}</td><td>${e(s.server)}</td><td>${cause}</td><td>${start}</td><td>${end}</td>`
      + `<td class="num">${dur(o.durationSeconds)}</td><td class="num">${o.silencedSeconds > 0 ? dur(o.silencedSeconds) : '—'}</td></tr>`;
  }));
  if (rows.length === 0) return '<p class="empty">Aucune interruption pendant la période.</p>';
  return '<table class="outages"><thead><tr><th>UAI</th><th>Serveur</th><th>Cause</th><th>Début</th><th>Fin</th>'
    + `<th>Durée dans la période</th><th>Dont pendant un silence</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
