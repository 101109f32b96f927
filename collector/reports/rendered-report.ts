/** The formats every report renders to, and what a rendered report carries to the HTTP route or the CLI. */
export const REPORT_FORMATS = ['csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A report rendered in one format, ready to send or write. */
export interface RenderedReport {
  readonly format: ReportFormat;
  readonly contentType: string;
  /** Suggested file name, e.g. `rapport-quotas-0860021F-2025-07-10.csv`. */
  readonly fileName: string;
  readonly body: string;
}

export function renderedReport(format: ReportFormat, fileName: string, body: string): RenderedReport {
  return { format, contentType: CONTENT_TYPES[format], fileName, body };
}
