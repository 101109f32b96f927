import type { AvailabilityReport } from './availability-report-types.ts';

/** The availability report as JSON: the model itself (durations in seconds, ratios 0..1, instants ISO UTC). */
export function renderAvailabilityJson(report: AvailabilityReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
