// French wording and formats of the availability report (causes, states, durations, local instants).
import { DateTime } from 'luxon';
import type { LivenessState, OutageCause } from '../domain/liveness-state.ts';
import { formatIntegerFr, formatPercentFr } from './format-fr.ts';

export const CAUSE_LABELS: Readonly<Record<OutageCause, string>> = {
  shutdown: 'Arrêt annoncé',
  power_loss: 'Coupure de courant ou plantage',
  network: 'Coupure réseau ou collecteur (resté sous tension)',
  site: "Coupure de tout l'établissement",
};

export const STATE_LABELS: Readonly<Record<LivenessState, string>> = {
  online: 'En ligne',
  late: 'En retard',
  offline: 'Injoignable',
  shutdown: 'Arrêté (annoncé)',
  unknown: 'Jamais connecté',
  retired: 'Retiré',
};

export const WINDOW_STATUS_LABELS = {
  not_started: "La période n'a pas commencé : aucun chiffre à ce jour.",
  in_progress: "Période en cours : chiffres arrêtés à l'heure du rapport.",
  over: 'Période terminée.',
} as const;

/** The state's label, or an empty string when unknown. */
export function stateLabel(state: LivenessState | null): string {
  return state === null ? '' : STATE_LABELS[state];
}

/** A duration for readers: `2 j 4 h`, `3 h 05 min`, `12 min`, `< 1 min`, `0`. */
export function formatDurationFr(seconds: number): string {
  if (seconds <= 0) return '0';
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return '< 1 min';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${formatIntegerFr(days)} j ${hours} h${mins > 0 ? ` ${String(mins).padStart(2, '0')} min` : ''}`;
  if (hours > 0) return `${hours} h ${String(mins).padStart(2, '0')} min`;
  return `${mins} min`;
}

/** An instant in the given time zone: `12/07/2025 14:02`. */
export function formatLocalDateTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('dd/MM/yyyy HH:mm');
}

/** A `YYYY-MM-DD` day as `12/07/2025`. */
export function formatDay(day: string): string {
  return DateTime.fromISO(day).toFormat('dd/MM/yyyy');
}

/** A ratio as a French percentage with its sign, or an em dash when unknown: `99,87 %`. */
export function formatRatioFr(ratio: number | null): string {
  return ratio === null ? '—' : `${formatPercentFr(ratio, 2)}\u00a0%`;
}
