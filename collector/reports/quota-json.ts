import type { QuotaReport } from './quota-report-types.ts';

/** The quota report as JSON: the model itself (bytes as integers, ratios 0..1, instants in ISO UTC). */
export function renderQuotaJson(report: QuotaReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
