/**
 * French wording of the UPS (onduleur) vocabulary: the battery figures « charge 54 %, autonomie 12 min » and
 * the cause details of outages, shared by notices, the status page and the availability report.
 */
import type { CauseDetail, OutageCause } from '../domain/liveness-state.ts';
import { formatDurationFr } from './durations-fr.ts';
import { CAUSE_EXPLANATIONS, CAUSE_LABELS, inSentenceFr } from './liveness-labels-fr.ts';
import { formatPercentFr } from './numbers-fr.ts';

/** A cause detail as a table cell. */
export const CAUSE_DETAIL_LABELS: Readonly<Record<CauseDetail, string>> = {
  ups_exhausted: "Batterie de l'onduleur épuisée",
};

/** One sentence explaining a cause detail, for mail bodies and descriptions. */
export const CAUSE_DETAIL_EXPLANATIONS: Readonly<Record<CauseDetail, string>> = {
  ups_exhausted:
    "Le serveur fonctionnait sur la batterie de son onduleur (courant coupé) puis s'est tu : coupure de courant, batterie de l'onduleur épuisée.",
};

/** The cause with its detail, as a table cell: « Coupure de courant ou plantage — batterie de l'onduleur épuisée ». */
export function causeWithDetailFr(cause: OutageCause, detail: CauseDetail | null | undefined): string {
  const label = CAUSE_LABELS[cause];
  return detail === null || detail === undefined ? label : `${label} — ${inSentenceFr(CAUSE_DETAIL_LABELS[detail])}`;
}

/** The same, inside a sentence (first letter in lower case). */
export function causeWithDetailInSentenceFr(cause: OutageCause, detail: CauseDetail | null | undefined): string {
  return inSentenceFr(causeWithDetailFr(cause, detail));
}

/** The explanation of a cause, or of its detail when there is one. */
export function causeExplanationFr(cause: OutageCause, detail: CauseDetail | null | undefined): string {
  return detail === null || detail === undefined ? CAUSE_EXPLANATIONS[cause] : CAUSE_DETAIL_EXPLANATIONS[detail];
}

/** « charge 54 %, autonomie 12 min », with only what the UPS said; empty when it said nothing. */
export function batteryFiguresFr(ups: { readonly chargeRatio?: number | undefined; readonly runtimeSeconds?: number | undefined }): string {
  const parts: string[] = [];
  if (ups.chargeRatio !== undefined) parts.push(`charge ${formatPercentFr(ups.chargeRatio, 0)} %`);
  if (ups.runtimeSeconds !== undefined) parts.push(`autonomie ${formatDurationFr(ups.runtimeSeconds * 1000)}`);
  return parts.join(', ');
}
