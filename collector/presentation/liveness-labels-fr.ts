/**
 * The French labels of the liveness vocabulary (states, outage causes, notice severities), one wording each,
 * shared by the mails, the reports, the status page and the Grafana dashboards.
 */
import type { LivenessState, OutageCause } from '../domain/liveness-state.ts';
import type { NoticeState, Severity } from '../domain/notice-vocabulary.ts';

/** A server's state, as a table cell or a legend. */
export const STATE_LABELS: Readonly<Record<LivenessState, string>> = {
  online: 'En ligne',
  late: 'En retard',
  offline: 'Injoignable',
  shutdown: 'Éteint (arrêt annoncé)',
  unknown: 'Jamais connecté',
  retired: 'Retiré',
};

/** The headline of a count of servers in a state (« 3 Injoignables »). */
export const STATE_COUNT_LABELS: Readonly<Record<LivenessState, string>> = {
  online: 'En ligne',
  late: 'En retard',
  offline: 'Injoignables',
  shutdown: 'Éteints (arrêt annoncé)',
  unknown: 'Jamais connectés',
  retired: 'Retirés',
};

/** An outage cause, as a table cell, a column header or a legend. */
export const CAUSE_LABELS: Readonly<Record<OutageCause, string>> = {
  shutdown: 'Arrêt annoncé',
  power_loss: 'Coupure de courant ou plantage',
  network: 'Coupure réseau ou collecteur (resté sous tension)',
  site: "Coupure de tout l'établissement",
};

/** One sentence explaining an outage cause, for mail bodies and descriptions. */
export const CAUSE_EXPLANATIONS: Readonly<Record<OutageCause, string>> = {
  shutdown: 'Le serveur a annoncé son arrêt (extinction ou redémarrage demandé sur la machine).',
  power_loss: "Le serveur s'est tu sans annoncer d'arrêt : coupure de courant ou plantage probable.",
  network:
    "Le serveur n'a pas redémarré pendant l'interruption : il est resté allumé, la coupure vient du réseau ou du collecteur.",
  site: "Tous les serveurs de l'établissement se sont tus en même temps : coupure du site (réseau ou électricité) probable.",
};

/** A notice's severity, as mail subjects and details show it. */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'critique',
  warning: 'avertissement',
  info: 'information',
};

/** The state's label, or an empty string when unknown. */
export function stateLabel(state: LivenessState | null): string {
  return state === null ? '' : STATE_LABELS[state];
}

/** A label inside a sentence, first letter in lower case: « Arrêt annoncé » → « arrêt annoncé ». */
export function inSentenceFr(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** The cause inside a sentence: « (coupure de courant ou plantage) ». */
export function causeInSentenceFr(cause: OutageCause): string {
  return inSentenceFr(CAUSE_LABELS[cause]);
}

/** Labels listed in a sentence: « en ligne, en retard ou retiré ». */
export function listInSentenceFr(labels: readonly string[]): string {
  const words = labels.map(inSentenceFr);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ou ${words[words.length - 1]}`;
}

/**
 * « éteint » when a down server is known or believed to be powered off (announced shutdown, power loss),
 * « injoignable » otherwise, including while its cause is not known.
 */
export function downVerbFr(down: { readonly state: NoticeState; readonly cause: OutageCause | null }): string {
  if (down.state === 'shutdown' || down.cause === 'shutdown' || down.cause === 'power_loss') return 'éteint';
  return 'injoignable';
}
