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

/** Formats an ISO instant in an IANA time zone as `12/07/2025 14:02`. */
export type LocalDateTimeFormatter = (iso: string, zone: string) => string;

const QUARTER_MS = 15 * 60_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A fast formatter for one rendering (reports can list tens of thousands of instants; luxon's zone
 * arithmetic costs ~20 µs per call). UTC offsets change only on quarter-hour instants, so the offset is looked
 * up once per zone and quarter hour (Intl), then each instant is formatted with plain arithmetic.
 */
export function createLocalDateTimeFormatter(): LocalDateTimeFormatter {
  const zones = new Map<string, { format: Intl.DateTimeFormat; offsets: Map<number, number> }>();
  const offsetMs = (zone: string, ms: number): number => {
    let z = zones.get(zone);
    if (z === undefined) {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
      });
      z = { format, offsets: new Map() };
      zones.set(zone, z);
    }
    const quarter = Math.floor(ms / QUARTER_MS) * QUARTER_MS;
    const known = z.offsets.get(quarter);
    if (known !== undefined) return known;
    const part: Record<string, number> = {};
    for (const p of z.format.formatToParts(quarter)) if (p.type !== 'literal') part[p.type] = Number(p.value);
    const offset = Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0) - quarter;
    z.offsets.set(quarter, offset);
    return offset;
  };
  return (iso, zone) => {
    const ms = Date.parse(iso);
    const d = new Date(ms + offsetMs(zone, ms));
    return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  };
}

/** An instant in the given time zone: `12/07/2025 14:02` (one-off; renderers use {@link createLocalDateTimeFormatter}). */
export function formatLocalDateTime(iso: string, zone: string): string {
  return createLocalDateTimeFormatter()(iso, zone);
}

/** A `YYYY-MM-DD` day as `12/07/2025`. */
export function formatDay(day: string): string {
  return DateTime.fromISO(day).toFormat('dd/MM/yyyy');
}

/** A ratio as a French percentage with its sign, or an em dash when unknown: `99,87 %`. */
export function formatRatioFr(ratio: number | null): string {
  return ratio === null ? '—' : `${formatPercentFr(ratio, 2)}\u00a0%`;
}
