/**
 * French texts of the UPS notices (`ups_on_battery`, `ups_on_mains`): « Serveur … sur batterie (charge 54 %,
 * autonomie 12 min) » and « … de nouveau sur secteur ». Pure functions of a {@link Notification}.
 */
import type { Notification } from '../notifiers/notifier.ts';
import { formatFullInstantFr, formatInstantFr } from '../presentation/dates-fr.ts';
import { formatDurationFr } from '../presentation/durations-fr.ts';
import { SEVERITY_LABELS } from '../presentation/liveness-labels-fr.ts';
import { batteryFiguresFr } from '../presentation/ups-labels-fr.ts';

type Zone = string;

function figures(n: Notification): string {
  const text = n.ups === undefined ? '' : batteryFiguresFr(n.ups);
  return text === '' ? '' : ` (${text})`;
}

function windowPart(n: Notification): string {
  return n.window === undefined ? '' : ` pendant la période de maintenance « ${n.window.name} »`;
}

export function upsSummaryFr(n: Notification, label: string, zone: Zone): string {
  const since = formatInstantFr(n.since, n.at, zone);
  if (n.kind === 'ups_on_mains') {
    const end = n.endedAt ?? n.at;
    return `${label} de nouveau sur secteur après ${formatDurationFr(end.getTime() - n.since.getTime())} sur batterie`;
  }
  return `${label} sur batterie${figures(n)}${windowPart(n)} depuis ${since}`;
}

export function upsSubjectFr(n: Notification, who: string): string {
  if (n.kind === 'ups_on_mains') return `[Vigie][rétabli] ${who} de nouveau sur secteur`;
  return `[Vigie][${SEVERITY_LABELS[n.severity]}] ${who} sur batterie${figures(n)}`;
}

export function upsDetailsFr(n: Notification, zone: Zone): Array<readonly [string, string]> {
  const rows: Array<readonly [string, string]> = [];
  if (n.ups !== undefined) {
    rows.push(['Onduleur', n.ups.name]);
    const battery = batteryFiguresFr(n.ups);
    if (battery !== '') rows.push(['Batterie au passage sur batterie', battery]);
    if (n.ups.lowBatteryAt !== undefined) rows.push(['Batterie faible depuis', formatFullInstantFr(n.ups.lowBatteryAt, zone)]);
  }
  rows.push(['Sur batterie depuis', formatFullInstantFr(n.since, zone)]);
  if (n.kind === 'ups_on_mains') {
    const end = n.endedAt ?? n.at;
    rows.push(['Retour sur secteur', formatFullInstantFr(end, zone)]);
    rows.push(['Durée sur batterie', formatDurationFr(end.getTime() - n.since.getTime())]);
  } else {
    rows.push(['Gravité', SEVERITY_LABELS[n.severity]]);
  }
  return rows;
}

export function upsExplanationFr(n: Notification): string | undefined {
  if (n.kind === 'ups_on_mains') return undefined;
  return "Le courant est coupé : le serveur fonctionne encore, sur la batterie de son onduleur, et s'éteindra quand elle sera épuisée.";
}

export function upsAdviceFr(n: Notification): string {
  if (n.kind === 'ups_on_mains') return "Aucune action requise : l'onduleur est de nouveau alimenté par le secteur.";
  if (n.window !== undefined) {
    return "Le serveur doit rester allumé pendant toute la période de maintenance : merci de vérifier l'alimentation électrique de la salle serveur avant que la batterie de l'onduleur soit épuisée.";
  }
  return "Merci de vérifier l'alimentation électrique de la salle serveur avant que la batterie de l'onduleur soit épuisée.";
}
