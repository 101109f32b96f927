/**
 * French texts of every notification (Alertmanager annotations, webhook payload, mail subject and body).
 *
 * Pure functions of a {@link Notification}: no clock, no I/O. Instants are shown in the maintenance window's
 * time zone when the server is in a window, otherwise in Europe/Paris. An instant on the same
 * local day as the notification is shown as a bare time (« depuis 14:02 »), otherwise with its date
 * (« depuis le 12/07 à 14:02 »).
 */
import { IANAZone } from 'luxon';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import type { Notification } from '../notifiers/notifier.ts';
import { formatFullInstantFr, formatInstantFr } from '../presentation/dates-fr.ts';
import { formatDurationFr } from '../presentation/durations-fr.ts';
import { SEVERITY_LABELS, downVerbFr } from '../presentation/liveness-labels-fr.ts';
import { causeExplanationFr, causeWithDetailFr, causeWithDetailInSentenceFr } from '../presentation/ups-labels-fr.ts';
import { upsAdviceFr, upsDetailsFr, upsExplanationFr, upsSubjectFr, upsSummaryFr } from './ups-messages-fr.ts';

/** The time zone the notification's instants are shown in (the window's, else Europe/Paris). */
export function displayTimeZone(n: Pick<Notification, 'window'>): string {
  const zone = n.window?.timeZone;
  if (zone !== undefined && IANAZone.isValidZone(zone)) return zone;
  return PARIS_TIME_ZONE;
}

/** « Collège X » or, when the inventory knows it, « Collège X, Poitiers ». */
export function schoolNameFr(server: Notification['server']): string {
  return server.commune === undefined ? server.name : `${server.name}, ${server.commune}`;
}

/** « Serveur Scribe scribe — Collège X, Poitiers (0860021F) ». */
export function serverLabelFr(server: Notification['server']): string {
  return `Serveur Scribe ${server.machine} — ${schoolNameFr(server)} (${server.uai})`;
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
      return `${label} ${downVerbFr(n)}${windowPartFr(n)} depuis ${since} (${causeWithDetailInSentenceFr(n.cause, n.causeDetail)})`;
    case 'reminder': {
      const lasting = formatDurationFr(n.at.getTime() - n.since.getTime());
      return `Rappel : ${label} toujours ${downVerbFr(n)}${windowPartFr(n)} depuis ${since}, soit ${lasting} (${causeWithDetailInSentenceFr(n.cause, n.causeDetail)})`;
    }
    case 'up': {
      const end = n.endedAt ?? n.at;
      const lasting = formatDurationFr(end.getTime() - n.since.getTime());
      return `${label} de nouveau en ligne après ${lasting} d'interruption (${causeWithDetailInSentenceFr(n.cause, n.causeDetail)})`;
    }
    case 'ups_on_battery':
    case 'ups_on_mains':
      return upsSummaryFr(n, label, zone);
  }
}

/** Mail subject line: « [Vigie][critique] scribe — Collège X (0860021F) éteint (arrêt annoncé) ». */
export function subjectFr(n: Notification): string {
  const who = `${n.server.machine} — ${schoolNameFr(n.server)} (${n.server.uai})`;
  switch (n.kind) {
    case 'down':
      return `[Vigie][${SEVERITY_LABELS[n.severity]}] ${who} ${downVerbFr(n)} (${causeWithDetailInSentenceFr(n.cause, n.causeDetail)})`;
    case 'reminder':
      return `[Vigie][${SEVERITY_LABELS[n.severity]}] Rappel : ${who} toujours ${downVerbFr(n)}`;
    case 'up':
      return `[Vigie][rétabli] ${who} de nouveau en ligne`;
    case 'ups_on_battery':
    case 'ups_on_mains':
      return upsSubjectFr(n, who);
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
  if (n.ups !== undefined) {
    rows.push(...upsDetailsFr(n, zone));
    if (n.window !== undefined) {
      rows.push(['Période de maintenance', `${n.window.name}, jusqu'au ${formatFullInstantFr(n.window.endsAt, zone)}`]);
    }
    if (n.generatorUrl !== undefined) rows.push(['Détails', n.generatorUrl]);
    return rows;
  }
  rows.push(['Cause', causeWithDetailFr(n.cause, n.causeDetail)]);
  rows.push(["Début de l'interruption", formatFullInstantFr(n.since, zone)]);
  if (n.kind === 'up') {
    const end = n.endedAt ?? n.at;
    rows.push(['Retour en ligne', formatFullInstantFr(end, zone)]);
    rows.push(['Durée', formatDurationFr(end.getTime() - n.since.getTime())]);
  } else {
    rows.push(['Durée à ce jour', formatDurationFr(n.at.getTime() - n.since.getTime())]);
    rows.push(['Gravité', SEVERITY_LABELS[n.severity]]);
  }
  if (n.window !== undefined) {
    rows.push(['Période de maintenance', `${n.window.name}, jusqu'au ${formatFullInstantFr(n.window.endsAt, zone)}`]);
  }
  if (n.generatorUrl !== undefined) rows.push(['Détails', n.generatorUrl]);
  return rows;
}

/** What the reader should do, or nothing to do (one sentence). */
export function adviceFr(n: Notification): string {
  if (n.ups !== undefined) return upsAdviceFr(n);
  if (n.kind === 'up') return 'Aucune action requise : le serveur envoie de nouveau ses signaux de vie.';
  if (n.window !== undefined) {
    return 'Le serveur doit rester allumé pendant toute la période de maintenance : merci de vérifier son alimentation et son raccordement, puis de le remettre en marche.';
  }
  return 'Merci de vérifier que le serveur est allumé et raccordé au réseau.';
}

/** The sentence explaining what happened, for down notices and reminders (undefined for resolutions). */
export function explanationFr(n: Notification): string | undefined {
  if (n.ups !== undefined) return upsExplanationFr(n);
  return n.kind === 'up' ? undefined : causeExplanationFr(n.cause, n.causeDetail);
}

/** Multi-line description (Alertmanager `description`, webhook `description`). */
export function descriptionFr(n: Notification): string {
  const lines = [explanationFr(n) ?? summaryFr(n) + '.'];
  for (const [label, value] of detailsFr(n)) lines.push(`${label} : ${value}`);
  lines.push(adviceFr(n));
  return lines.join('\n');
}
