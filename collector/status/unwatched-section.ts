// « Établissements sans serveur supervisé » on the status page: the schools of the inventory whose server is
// not enrolled or has never reported. Pure: rows from the coverage, then escaped HTML.
import { escapeHtml as e } from '../html/escape-html.ts';
import { UNWATCHED_TITLE, coverageSituationFr } from '../presentation/coverage-labels-fr.ts';
import type { SchoolCoverage } from '../services/school-coverage.ts';

export interface UnwatchedRow {
  readonly uai: string;
  readonly school: string;
  readonly commune: string;
  readonly type: string;
  readonly departement: string;
  /** « Aucun serveur inscrit » or « Serveur inscrit, jamais connecté (scribe) ». */
  readonly situation: string;
  readonly status: 'no_server' | 'never_heard';
}

export function unwatchedRows(coverage: readonly SchoolCoverage[]): UnwatchedRow[] {
  return coverage
    .filter((s): s is SchoolCoverage & { status: 'no_server' | 'never_heard' } => s.status !== 'watched')
    .map((s) => ({
      uai: s.uai,
      school: s.name,
      commune: s.commune ?? '—',
      type: s.type ?? '—',
      departement: s.departement,
      situation: coverageSituationFr(s.status, s.servers.map((x) => x.machine)),
      status: s.status,
    }));
}

export function renderUnwatchedSection(rows: readonly UnwatchedRow[]): string {
  const body =
    rows.length === 0
      ? '<p class="empty">Aucun : chaque établissement de l\'inventaire a un serveur qui a déjà émis.</p>'
      : '<table class="unwatched"><thead><tr><th>UAI</th><th>Établissement</th><th>Commune</th><th>Type</th><th>Département</th><th>Situation</th></tr></thead><tbody>' +
        rows
          .map(
            (r) =>
              `<tr class="${r.status}"><td class="uai">${e(r.uai)}</td><td class="school">${e(r.school)}</td><td class="commune">${e(r.commune)}</td>` +
              `<td class="type">${e(r.type)}</td><td class="departement">${e(r.departement)}</td><td class="situation">${e(r.situation)}</td></tr>`,
          )
          .join('') +
        '</tbody></table>';
  return `<section class="unwatched"><h2>${UNWATCHED_TITLE} (${rows.length})</h2>${body}</section>`;
}
