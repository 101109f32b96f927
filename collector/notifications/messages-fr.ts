/**
 * French texts of every notification (Alertmanager annotations, webhook payload, mail subject and body).
 *
 * Pure functions of a {@link Notification}: no clock, no I/O. Instants are shown in the maintenance window's
 * time zone when the server is in a window, otherwise in {@link DEFAULT_TIME_ZONE}. An instant on the same
 * local day as the notification is shown as a bare time (« depuis 14:02 »), otherwise with its date
 * (« depuis le 12/07 à 14:02 »).
 */
import { DateTime, IANAZone } from 'luxon';
import type { Notification, OutageCause, Severity } from '../notifiers/notifier.ts';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

const CAUSE_FR: Readonly<Record<OutageCause, string>> = {
  shutdown: 'arrêt annoncé',
  power_loss: 'coupure de courant ou plantage probable',
  network: "coupure réseau ou panne côté collecteur, le serveur n'a pas redémarré",
  site: "tout l'établissement est injoignable",
  unknown: 'cause encore inconnue',
};

const CAUSE_EXPLANATION_FR: Readonly<Record<OutageCause, string>> = {
  shutdown: 'Le serveur a annoncé son arrêt (extinction ou redémarrage demandé sur la machine).',
  power_loss: "Le serveur s'est tu sans annoncer d'arrêt : coupure de courant ou plantage probable.",
  network:
    "Le serveur n'a pas redémarré pendant l'interruption : il est resté allumé, la coupure vient du réseau ou du collecteur.",
  site: "Tous les serveurs de l'établissement se sont tus en même temps : coupure du site (réseau ou électricité) probable.",
  unknown: "Le serveur ne donne plus de nouvelles ; la cause n'est pas encore connue.",
};

const SEVERITY_FR: Readonly<Record<Severity, string>> = { critical: 'critique', warning: 'avertissement' };

/** The cause in a few words, as shown between parentheses. */
export function causeFr(cause: OutageCause): string {
  return CAUSE_FR[cause];
}

/** One sentence explaining the cause, for descriptions and mail bodies. */
export function causeExplanationFr(cause: OutageCause): string {
  return CAUSE_EXPLANATION_FR[cause];
}

export function severityFr(severity: Severity): string {
  return SEVERITY_FR[severity];
}

/** The time zone the notification's instants are shown in (the window's, else Europe/Paris). */
export function displayTimeZone(n: Pick<Notification, 'window'>): string {
  const zone = n.window?.timeZone;
  if (zone !== undefined && IANAZone.isValidZone(zone)) return zone;
  return DEFAULT_TIME_ZONE;
}

/**
 * A duration in French, floored: « 45 s », « 12 min », « 2 h 14 min », « 3 h », « 2 j 5 h ».
 * Negative durations count as zero.
 */
export function formatDurationFr(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} min`;
  const totalHours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (totalHours < 24) return minutes === 0 ? `${totalHours} h` : `${totalHours} h ${minutes} min`;
  const days = Math.floor(totalHours / 24);
  const hours = totalHours % 24;
  return hours === 0 ? `${days} j` : `${days} j ${hours} h`;
}

function local(at: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(at, { zone: timeZone }).setLocale('fr');
}

/**
 * An instant relative to a reference instant (both shown in `timeZone`): « 14:02 » on the same local day,
 * « le 12/07 à 14:02 » in the same year, « le 12/07/2024 à 14:02 » otherwise.
 */
export function formatInstantFr(at: Date, reference: Date, timeZone: string): string {
  const when = local(at, timeZone);
  const ref = local(reference, timeZone);
  if (when.hasSame(ref, 'day')) return when.toFormat('HH:mm');
  if (when.hasSame(ref, 'year')) return when.toFormat("'le' dd/LL 'à' HH:mm");
  return when.toFormat("'le' dd/LL/yyyy 'à' HH:mm");
}

/** A full date and time with the zone: « samedi 12 juillet 2025 à 14:02 (Europe/Paris) ». */
export function formatFullInstantFr(at: Date, timeZone: string): string {
  return `${local(at, timeZone).toFormat("cccc d LLLL yyyy 'à' HH:mm")} (${timeZone})`;
}

/** « Collège X » or, when the inventory knows it, « Collège X, Poitiers ». */
export function schoolNameFr(server: Notification['server']): string {
  return server.commune === undefined ? server.name : `${server.name}, ${server.commune}`;
}

/** « Serveur Scribe scribe — Collège X, Poitiers (0860021F) ». */
export function serverLabelFr(server: Notification['server']): string {
  return `Serveur Scribe ${server.machine} — ${schoolNameFr(server)} (${server.uai})`;
}

/** « éteint » when the server is known or believed to be powered off, « injoignable » otherwise. */
export function downVerbFr(n: Pick<Notification, 'state' | 'cause'>): string {
  if (n.state === 'shutdown' || n.cause === 'shutdown' || n.cause === 'power_loss') return 'éteint';
  return 'injoignable';
}

function windowPartFr(n: Notification): string {
  return n.window === undefined ? '' : ` pendant la période de maintenance « ${n.window.name} »`;
}

/** One-line summary (Alertmanager `summary`, webhook `summary`, first line of the mail). */
export function summaryFr(n: Notification): string {
  const zone = displayTimeZone(n);
  const label = serverLabelFr(n.server);
  const since = formatInstantFr(n.since, n.at, zone);
  switch (n.kind) {
    case 'down':
      return `${label} ${downVerbFr(n)}${windowPartFr(n)} depuis ${since} (${causeFr(n.cause)})`;
    case 'reminder': {
      const lasting = formatDurationFr(n.at.getTime() - n.since.getTime());
      return `Rappel : ${label} toujours ${downVerbFr(n)}${windowPartFr(n)} depuis ${since}, soit ${lasting} (${causeFr(n.cause)})`;
    }
    case 'up': {
      const end = n.endedAt ?? n.at;
      const lasting = formatDurationFr(end.getTime() - n.since.getTime());
      return `${label} de nouveau en ligne après ${lasting} d'interruption (${causeFr(n.cause)})`;
    }
  }
}

/** Mail subject line: « [Vigie][critique] scribe — Collège X (0860021F) éteint (arrêt annoncé) ». */
export function subjectFr(n: Notification): string {
  const who = `${n.server.machine} — ${schoolNameFr(n.server)} (${n.server.uai})`;
  switch (n.kind) {
    case 'down':
      return `[Vigie][${severityFr(n.severity)}] ${who} ${downVerbFr(n)} (${causeFr(n.cause)})`;
    case 'reminder':
      return `[Vigie][${severityFr(n.severity)}] Rappel : ${who} toujours ${downVerbFr(n)}`;
    case 'up':
      return `[Vigie][rétabli] ${who} de nouveau en ligne`;
  }
}

/** The detail lines, as label/value pairs (rendered as text lines or an HTML table). */
export function detailsFr(n: Notification): ReadonlyArray<readonly [string, string]> {
  const zone = displayTimeZone(n);
  const rows: Array<readonly [string, string]> = [
    ['Établissement', `${schoolNameFr(n.server)} (${n.server.uai})`],
    ['Serveur', n.server.machine],
  ];
  if (n.server.academie !== undefined) rows.push(['Académie', n.server.academie]);
  rows.push(['Cause', causeFr(n.cause)]);
  rows.push(["Début de l'interruption", formatFullInstantFr(n.since, zone)]);
  if (n.kind === 'up') {
    const end = n.endedAt ?? n.at;
    rows.push(['Retour en ligne', formatFullInstantFr(end, zone)]);
    rows.push(['Durée', formatDurationFr(end.getTime() - n.since.getTime())]);
  } else {
    rows.push(['Durée à ce jour', formatDurationFr(n.at.getTime() - n.since.getTime())]);
    rows.push(['Gravité', severityFr(n.severity)]);
  }
  if (n.window !== undefined) {
    rows.push(['Période de maintenance', `${n.window.name}, jusqu'au ${formatFullInstantFr(n.window.endsAt, zone)}`]);
  }
  if (n.generatorUrl !== undefined) rows.push(['Détails', n.generatorUrl]);
  return rows;
}

/** What the reader should do, or nothing to do (one sentence). */
export function adviceFr(n: Notification): string {
  if (n.kind === 'up') return 'Aucune action requise : le serveur envoie de nouveau ses signaux de vie.';
  if (n.window !== undefined) {
    return 'Le serveur doit rester allumé pendant toute la période de maintenance : merci de vérifier son alimentation et son raccordement, puis de le remettre en marche.';
  }
  return 'Merci de vérifier que le serveur est allumé et raccordé au réseau.';
}

/** Multi-line description (Alertmanager `description`, webhook `description`). */
export function descriptionFr(n: Notification): string {
  const lines = [n.kind === 'up' ? summaryFr(n) + '.' : causeExplanationFr(n.cause)];
  for (const [label, value] of detailsFr(n)) lines.push(`${label} : ${value}`);
  lines.push(adviceFr(n));
  return lines.join('\n');
}
