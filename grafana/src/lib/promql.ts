// PromQL fragments shared by several dashboards (kept here so panels and docs agree).
import { LIVENESS_STATES, OUTAGE_CAUSES, isDown, isUp, type LivenessState, type OutageCause } from '../../../collector/domain/liveness-state.ts';
import { CAUSE_LABELS, STATE_LABELS, listInSentenceFr } from '../../../collector/presentation/liveness-labels-fr.ts';
import { valueMapping, type QuerySpec } from './panels.ts';

/**
 * A fleet metric (read from the shared database, docs/GRAFANA.md « Two or more collectors »), de-duplicated
 * across the collector instances Prometheus scrapes: `max without (instance) (<expr>)`. `expr` is a selector,
 * or one range function of a selector (`increase(x{…}[1h])`). With one instance it changes nothing; with two,
 * it keeps one copy of each series, and still one when an instance is down (its series go stale).
 * Aggregate, join or divide only the result (`sum(fleet(x))`, never `fleet(sum(x))`): grafana/src/lib/fleet-metrics.ts
 * checks it for every dashboard query and rule.
 */
export function fleet(expr: string): string {
  return `max without (instance) (${expr})`;
}

const STATE_COLORS: Readonly<Record<LivenessState, string>> = {
  online: 'green', late: 'yellow', offline: 'red', shutdown: 'orange', unknown: 'purple', retired: 'text',
};

/**
 * Liveness states as the collector exposes them in `scribe_server_state{state}`, with their code (1 = online …
 * 6 = retired, the order of `LIVENESS_STATES`), French label and colour.
 */
export const STATES: ReadonlyArray<{ state: LivenessState; code: number; text: string; color: string }> = LIVENESS_STATES.map(
  (state, i) => ({ state, code: i + 1, text: STATE_LABELS[state], color: STATE_COLORS[state] }),
);

/** PromQL regexes of the `state` label: the states counted as up (`online|late`) and as down (`offline|shutdown`). */
export const UP_STATES_RE = LIVENESS_STATES.filter(isUp).join('|');
export const DOWN_STATES_RE = LIVENESS_STATES.filter(isDown).join('|');

/** Every state in a sentence: « en ligne, en retard, …, jamais connecté ou retiré ». */
export const STATES_IN_SENTENCE = listInSentenceFr(LIVENESS_STATES.map((s) => STATE_LABELS[s]));

/** Every outage cause in a sentence: « arrêt annoncé, …, coupure de tout l'établissement ». */
export const CAUSES_IN_SENTENCE = listInSentenceFr(OUTAGE_CAUSES.map((c) => CAUSE_LABELS[c]));

/**
 * One series per server whose value is the code of its current state (1 = online … 6 = retired), so a state
 * timeline can colour it. `filter` is a list of label matchers.
 */
export function stateCode(filter: string): string {
  const parts = STATES.map((s) => `(${fleet(`scribe_server_state{${filter}, state="${s.state}"}`)} == 1) * ${s.code}`);
  return `max by (uai, server) (\n  ${parts.join('\n  or ')}\n)`;
}

/** Value mapping from the state code to its French label and colour. */
export const STATE_CODE_MAPPING = valueMapping(STATES.map((s) => [String(s.code), s.text, s.color]));

/** Value mapping from the `state` label (table columns) to its French label. */
export const STATE_LABEL_MAPPING = valueMapping(STATES.map((s) => [s.state, s.text, s.color]));

/** Outage causes as `scribe_server_outages_total{cause}` labels them. */
const CAUSE_COLORS: Readonly<Record<OutageCause, string>> = { shutdown: 'orange', power_loss: 'red', network: 'yellow', site: 'purple' };
export const CAUSE_LABEL_MAPPING = valueMapping(OUTAGE_CAUSES.map((c) => [c, CAUSE_LABELS[c], CAUSE_COLORS[c]]));

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
  return AGE_BUCKETS.map((b) => ({ expr: `sum(${fleet(`scribe_space_age_bytes{${filter}, age="${b.age}"}`)})`, legend: b.legend, instant: true }));
}
