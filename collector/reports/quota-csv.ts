// CSV renderings of the quota report: users (default), per-school totals, largest spaces.
import { csvNumber, renderCsv } from './csv.ts';
import type { CsvCell } from './csv.ts';
import { BYTES_PER_MO } from '../presentation/numbers-fr.ts';
import { SPACE_KIND_LABELS, STATUS_LABELS, profileLabel } from './labels-fr.ts';
import { formatDateTimeFr } from '../presentation/dates-fr.ts';
import type { QuotaReport } from './quota-report-types.ts';

/** Which table a CSV file holds. */
export type QuotaCsvSection = 'users' | 'schools' | 'spaces';
export const QUOTA_CSV_SECTIONS: readonly QuotaCsvSection[] = ['users', 'schools', 'spaces'];

export const USERS_CSV_HEADER = [
  'UAI', 'Serveur', 'Identifiant', 'Profil', 'Statut', 'Quota utilisé (Mo)', 'Quota limite (Mo)',
  'Utilisation du quota (%)', 'Fin du délai de grâce', 'Taille perso (Mo)', 'Fichiers perso',
  'Données de plus de 3 ans (%)', 'Évolution du quota (Mo)', 'Évolution perso (Mo)',
] as const;

export const SCHOOLS_CSV_HEADER = [
  'UAI', 'Établissement', 'Serveurs', 'Utilisateurs', 'Bloqués', 'En délai de grâce', 'Espaces perso vides',
  'Quota utilisé (Mo)', 'Espaces perso (Mo)', 'Partages (Mo)', 'Non migré : messagerie et recyclage (Mo)',
  'Total à migrer (Mo)', 'Dont plus de 3 ans (Mo)', 'Évolution à migrer (Mo)', 'Évolution du quota (Mo)',
] as const;

export const SPACES_CSV_HEADER = [
  'UAI', 'Serveur', 'Type', 'Nom', 'Chemin', 'Taille (Mo)', 'Occupation disque (Mo)', 'Fichiers',
  'Données de plus de 3 ans (%)', 'Mesure incomplète', 'Évolution (Mo)',
] as const;

const mo = (bytes: number | null): CsvCell => csvNumber(bytes === null ? null : bytes / BYTES_PER_MO, 2);
const pct = (ratio: number | null): CsvCell => csvNumber(ratio === null ? null : ratio * 100, 1);

/** The quota report as a CSV document (UTF-8 with BOM, `;`, decimal comma). */
export function renderQuotaCsv(report: QuotaReport, section: QuotaCsvSection = 'users'): string {
  switch (section) {
    case 'users':
      return renderCsv(USERS_CSV_HEADER, report.users.map((u) => [
        u.uai, u.server, u.login, profileLabel(u.profile), STATUS_LABELS[u.status],
        mo(u.quotaUsedBytes), mo(u.quotaLimitBytes), pct(u.quotaUsedRatio),
        u.graceEndsAt === null ? null : formatDateTimeFr(new Date(u.graceEndsAt)),
        mo(u.persoBytes), csvNumber(u.persoFiles), pct(u.persoOlderThan3yRatio),
        mo(u.quotaGrowthBytes), mo(u.persoGrowthBytes),
      ]));
    case 'schools':
      return renderCsv(SCHOOLS_CSV_HEADER, report.schools.map((s) => [
        s.uai, s.schoolName, csvNumber(s.servers), csvNumber(s.users), csvNumber(s.usersOverHard),
        csvNumber(s.usersOverSoft), csvNumber(s.emptyPersos), mo(s.quotaUsedBytes), mo(s.persoBytes),
        mo(s.sharesBytes), mo(s.excludedBytes), mo(s.toMigrateBytes), mo(s.olderThan3yBytes),
        mo(s.toMigrateGrowthBytes), mo(s.quotaUsedGrowthBytes),
      ]));
    case 'spaces':
      return renderCsv(SPACES_CSV_HEADER, report.largestSpaces.map((s) => [
        s.uai, s.server, SPACE_KIND_LABELS[s.kind], s.name, s.path, mo(s.apparentBytes), mo(s.allocatedBytes),
        csvNumber(s.files), pct(s.olderThan3yRatio), s.truncated ? 'oui' : 'non', mo(s.growthBytes),
      ]));
  }
}
