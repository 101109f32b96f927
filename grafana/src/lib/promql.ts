// PromQL fragments shared by several dashboards (kept here so panels and docs agree).
import { valueMapping, type QuerySpec } from './panels.ts';

/** Liveness states as the collector exposes them in `scribe_server_state{state}`, with their code and French label. */
export const STATES: ReadonlyArray<{ state: string; code: number; text: string; color: string }> = [
  { state: 'online', code: 1, text: 'En ligne', color: 'green' },
  { state: 'late', code: 2, text: 'En retard', color: 'yellow' },
  { state: 'offline', code: 3, text: 'Hors ligne', color: 'red' },
  { state: 'shutdown', code: 4, text: 'Éteint (arrêt annoncé)', color: 'orange' },
  { state: 'unknown', code: 5, text: 'Jamais vu', color: 'purple' },
  { state: 'retired', code: 6, text: 'Retiré', color: 'text' },
];

/**
 * One series per server whose value is the code of its current state (1 = online … 6 = retired), so a state
 * timeline can colour it. `filter` is a list of label matchers.
 */
export function stateCode(filter: string): string {
  const parts = STATES.map((s) => `(scribe_server_state{${filter}, state="${s.state}"} == 1) * ${s.code}`);
  return `max by (uai, server) (\n  ${parts.join('\n  or ')}\n)`;
}

/** Value mapping from the state code to its French label and colour. */
export const STATE_CODE_MAPPING = valueMapping(STATES.map((s) => [String(s.code), s.text, s.color]));

/** Value mapping from the `state` label (table columns) to its French label. */
export const STATE_LABEL_MAPPING = valueMapping(STATES.map((s) => [s.state, s.text, s.color]));

/** Outage causes as `scribe_server_outages_total{cause}` labels them. */
export const CAUSE_LABEL_MAPPING = valueMapping([
  ['shutdown', 'Arrêt annoncé', 'orange'],
  ['power_loss', 'Coupure de courant ou plantage', 'red'],
  ['network', 'Réseau ou collecteur injoignable', 'yellow'],
  ['site', "Tout l'établissement silencieux", 'purple'],
]);

/** Spaces that are not moved to KoXo: the recycle bin kept until October and the import CSV files. */
export const NOT_MIGRATED_KINDS = 'recyclage|importation';

/** Seconds per day, for ages. */
export const DAY = 86_400;

/** Age buckets of `scribe_space_age_bytes{age}` with their French legend, oldest last. */
export const AGE_BUCKETS: ReadonlyArray<{ age: string; legend: string }> = [
  { age: 'lt1y', legend: 'Moins d’un an' },
  { age: 'y1to3', legend: 'De 1 à 3 ans' },
  { age: 'gt3y', legend: 'Plus de 3 ans' },
];

/** One instant query per age bucket: the volume of data by time since last modification. */
export function dataAgeQueries(filter: string): QuerySpec[] {
  return AGE_BUCKETS.map((b) => ({ expr: `sum(scribe_space_age_bytes{${filter}, age="${b.age}"})`, legend: b.legend, instant: true }));
}
