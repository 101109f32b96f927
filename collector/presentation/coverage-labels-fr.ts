/**
 * The French wording of a school's coverage (`services/school-coverage.ts`): the title of the section listing
 * the schools of the inventory left unwatched (status page, availability report) and the situation of each.
 */
import type { CoverageStatus } from '../services/school-coverage.ts';

export const UNWATCHED_TITLE = 'Établissements sans serveur supervisé';

/** « Aucun serveur inscrit » or « Serveur inscrit, jamais connecté (scribe) ». */
export function coverageSituationFr(status: Exclude<CoverageStatus, 'watched'>, machines: readonly string[]): string {
  return status === 'no_server' ? 'Aucun serveur inscrit' : `Serveur inscrit, jamais connecté (${machines.join(', ')})`;
}
