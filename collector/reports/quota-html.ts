// The quota report as one self-contained French HTML page (inline CSS, no script, no external resource).
import { formatBytesFr, formatIntegerFr, formatPercentFr } from '../presentation/numbers-fr.ts';
import { QUOTA_STATUS_LABELS, SPACE_KIND_LABELS, STATUS_LABELS, profileLabel } from './labels-fr.ts';
import { formatDateTimeFr, formatDayFr } from '../presentation/dates-fr.ts';
import type { QuotaReport, SchoolTotals, ServerSummary, SpaceRow, Totals, UserRow } from './quota-report-types.ts';
import { QUOTA_HTML_STYLE } from './quota-html-style.ts';
import { escapeHtml } from '../html/escape-html.ts';
import { renderHtmlPage } from '../html/page.ts';
import { QUOTA_CHART_STYLE, renderSpaceTypeChart } from './quota-chart.ts';

/** Above this many users the page lists only the first ones (the CSV always has them all). */
export const DEFAULT_HTML_MAX_USER_ROWS = 5000;

export interface RenderQuotaHtmlOptions {
  maxUserRows?: number;
}

export { escapeHtml };

const e = escapeHtml;
const bytes = (v: number | null): string => (v === null ? '—' : e(formatBytesFr(v)));
const percent = (v: number | null): string => (v === null ? '—' : `${e(formatPercentFr(v))}\u00a0%`);
const growth = (v: number | null): string => (v === null ? '—' : v < 0 ? `\u2212${bytes(-v)}` : `${v > 0 ? '+' : ''}${bytes(v)}`);

/** The whole page. */
export function renderQuotaHtml(report: QuotaReport, options: RenderQuotaHtmlOptions = {}): string {
  const maxRows = options.maxUserRows ?? DEFAULT_HTML_MAX_USER_ROWS;
  const scope = report.uai === null
    ? `Ensemble des établissements (${formatIntegerFr(report.schools.length)})`
    : `Établissement ${report.uai}${report.schools[0]?.schoolName ? ` — ${report.schools[0].schoolName}` : ''}`;
  return renderHtmlPage({
    title: `${report.title} — ${scope}`,
    style: `${QUOTA_HTML_STYLE}${QUOTA_CHART_STYLE}`,
    body: `<header>
<h1>${e(report.title)}</h1>
<p class="scope">${e(scope)}</p>
<p class="meta">Généré le ${e(formatDateTimeFr(new Date(report.generatedAt)))}${
    report.since === null ? '' : ` · évolution depuis le ${e(formatDayFr(report.since))}`}</p>
</header>
<main>
${summaryCards(report.fleet, report.since !== null)}
<section>
<h2>Espace par type</h2>
<p class="hint">Chaque octet est compté une fois, dans l'espace le plus profond qui le contient (un recyclage dans un perso compte en recyclage).</p>
${renderSpaceTypeChart(report)}
</section>
<section>
<h2>Utilisateurs</h2>
<p class="hint">Les utilisateurs au-delà de leur quota (bloqués, puis en délai de grâce) sont listés en premier,
puis les plus gros consommateurs. Le quota compte tous les fichiers de l'utilisateur sur le serveur, y compris
ceux déposés dans les partages ; la taille perso ne compte que son espace personnel.</p>
${usersTable(report.users, maxRows, report.uai === null, report.since !== null)}
</section>
<section>
<h2>Totaux à migrer par établissement</h2>
${schoolsTable(report.schools, report.fleet, report.since !== null)}
</section>
<section>
<h2>Espaces les plus volumineux</h2>
${spacesTable(report.largestSpaces, report.since !== null)}
</section>
<section>
<h2>Serveurs et date des relevés</h2>
${serversTable(report.servers)}
</section>
</main>
<footer>
<p>1 Mo = 1 048 576 octets, 1 Go = 1 024 Mo (comme dans l'EAD). « À migrer » : espaces personnels et partages,
sans la messagerie ni le dossier recyclage. « Plus de 3 ans » : fichiers non modifiés depuis plus de trois ans,
à trier avant la migration.</p>
</footer>`,
  });
}

function summaryCards(t: Totals, withGrowth: boolean): string {
  const cards: Array<[string, string]> = [
    ['Total à migrer', bytes(t.toMigrateBytes)],
    ['Dont fichiers de plus de 3 ans', bytes(t.olderThan3yBytes)],
    ['Utilisateurs bloqués', formatIntegerFr(t.usersOverHard)],
    ['En délai de grâce', formatIntegerFr(t.usersOverSoft)],
    ['Utilisateurs', formatIntegerFr(t.users)],
  ];
  if (withGrowth) cards.push(['Évolution du volume à migrer', growth(t.toMigrateGrowthBytes)]);
  return `<section class="cards">${cards
    .map(([label, value]) => `<div class="card"><div class="label">${e(label)}</div><div class="value">${value}</div></div>`)
    .join('')}</section>`;
}

function usersTable(users: readonly UserRow[], maxRows: number, withSchool: boolean, withGrowth: boolean): string {
  if (users.length === 0) return '<p class="empty">Aucun utilisateur relevé.</p>';
  const shown = users.slice(0, Math.max(0, maxRows));
  const rows = shown.map((u) => {
    const cls = u.status === 'over_hard' ? 'over-hard' : u.status === 'over_soft' ? 'over-soft' : '';
    const grace = u.graceEndsAt === null ? '' : `<br><small>jusqu'au ${e(formatDateTimeFr(new Date(u.graceEndsAt)))}</small>`;
    return `<tr class="${cls}">${withSchool ? `<td>${e(u.uai)}</td>` : ''}<td>${e(u.server)}</td><td class="login">${e(u.login)}</td>`
      + `<td>${e(profileLabel(u.profile))}</td><td class="status">${e(STATUS_LABELS[u.status])}${grace}</td>`
      + `<td class="num">${bytes(u.quotaUsedBytes)}</td><td class="num">${u.quotaUsedBytes !== null && u.quotaLimitBytes === null ? 'sans limite' : bytes(u.quotaLimitBytes)}</td>`
      + `<td class="num">${usageBar(u.quotaUsedRatio)}</td><td class="num">${bytes(u.persoBytes)}</td>`
      + `<td class="num">${u.persoFiles === null ? '—' : e(formatIntegerFr(u.persoFiles))}</td>`
      + `<td class="num">${percent(u.persoOlderThan3yRatio)}</td>${withGrowth ? `<td class="num">${growth(u.quotaGrowthBytes)}</td>` : ''}</tr>`;
  });
  const note = shown.length < users.length
    ? `<p class="hint">${e(formatIntegerFr(shown.length))} utilisateurs affichés sur ${e(formatIntegerFr(users.length))} : la liste complète est dans l'export CSV.</p>`
    : '';
  return `<table class="users"><thead><tr>${withSchool ? '<th>UAI</th>' : ''}<th>Serveur</th><th>Identifiant</th><th>Profil</th>`
    + '<th>Statut</th><th>Quota utilisé</th><th>Limite</th><th>Utilisation</th><th>Taille perso</th><th>Fichiers</th>'
    + `<th>Plus de 3 ans</th>${withGrowth ? '<th>Évolution du quota</th>' : ''}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>${note}`;
}

function usageBar(ratio: number | null): string {
  if (ratio === null) return '—';
  const width = Math.min(100, Math.max(0, Math.round(ratio * 100)));
  const level = ratio >= 1 ? 'full' : ratio >= 0.9 ? 'high' : 'normal';
  return `<span class="bar"><span class="fill ${level}" style="width:${width}%"></span></span> ${percent(ratio)}`;
}

function schoolsTable(schools: readonly SchoolTotals[], fleet: Totals, withGrowth: boolean): string {
  if (schools.length === 0) return '<p class="empty">Aucun établissement.</p>';
  const row = (s: Totals, head: string): string => `${head}`
    + `<td class="num">${e(formatIntegerFr(s.users))}</td><td class="num">${e(formatIntegerFr(s.usersOverHard + s.usersOverSoft))}</td>`
    + `<td class="num">${bytes(s.persoBytes)}</td><td class="num">${bytes(s.sharesBytes)}</td>`
    + `<td class="num strong">${bytes(s.toMigrateBytes)}</td><td class="num">${bytes(s.olderThan3yBytes)}</td>`
    + `<td class="num">${bytes(s.excludedBytes)}</td>${withGrowth ? `<td class="num">${growth(s.toMigrateGrowthBytes)}</td>` : ''}`;
  const rows = schools.map((s) => `<tr>${row(s, `<td>${e(s.uai)}</td><td>${e(s.schoolName ?? '')}</td>`)}</tr>`);
  const total = schools.length > 1 ? `<tfoot><tr class="total">${row(fleet, `<td colspan="2">Total (${e(formatIntegerFr(schools.length))} établissements)</td>`)}</tr></tfoot>` : '';
  return '<table><thead><tr><th>UAI</th><th>Établissement</th><th>Utilisateurs</th><th>Au-delà du quota</th>'
    + '<th>Espaces perso</th><th>Partages</th><th>Total à migrer</th><th>Dont plus de 3 ans</th>'
    + `<th>Non migré (messagerie, recyclage)</th>${withGrowth ? '<th>Évolution à migrer</th>' : ''}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody>${total}</table>`;
}

function spacesTable(spaces: readonly SpaceRow[], withGrowth: boolean): string {
  if (spaces.length === 0) return '<p class="empty">Aucun espace relevé.</p>';
  const rows = spaces.map((s) => `<tr><td>${e(s.uai)}</td><td>${e(s.server)}</td><td>${e(SPACE_KIND_LABELS[s.kind])}</td>`
    + `<td>${e(s.name)}</td><td class="path">${e(s.path)}</td><td class="num">${bytes(s.apparentBytes)}${s.truncated ? ' <small>(au moins)</small>' : ''}</td>`
    + `<td class="num">${e(formatIntegerFr(s.files))}</td><td class="num">${percent(s.olderThan3yRatio)}</td>`
    + `${withGrowth ? `<td class="num">${growth(s.growthBytes)}</td>` : ''}</tr>`);
  return '<table><thead><tr><th>UAI</th><th>Serveur</th><th>Type</th><th>Nom</th><th>Chemin</th><th>Taille</th>'
    + `<th>Fichiers</th><th>Plus de 3 ans</th>${withGrowth ? '<th>Évolution</th>' : ''}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function serversTable(servers: readonly ServerSummary[]): string {
  if (servers.length === 0) return '<p class="empty">Aucun serveur n\'a encore envoyé de relevé.</p>';
  const rows = servers.map((s) => `<tr><td>${e(s.uai)}</td><td>${e(s.server)}</td>`
    + `<td>${e(formatDateTimeFr(new Date(s.reportFinishedAt)))}</td><td>${e(QUOTA_STATUS_LABELS[s.quotaStatus])}</td>`
    + `<td>${s.partial ? 'Incomplet (durée maximale atteinte)' : 'Complet'}</td>`
    + `<td>${s.baselineDay === null ? '—' : e(formatDayFr(s.baselineDay))}</td></tr>`);
  return '<table><thead><tr><th>UAI</th><th>Serveur</th><th>Dernier relevé</th><th>Quotas</th><th>Parcours des espaces</th>'
    + `<th>Relevé de comparaison</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
