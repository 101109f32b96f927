/**
 * A horizontal bar chart as an inline SVG string (pure): one bar per value, its label at the left and its value
 * (already worded by the caller, e.g. « 1,5 Go ») at the right. No script, no external reference, system fonts.
 */
import { escapeHtml as e } from '../escape-html.ts';

export interface Bar {
  readonly label: string;
  /** Non-negative; the longest bar is the largest value. */
  readonly value: number;
  /** Shown after the bar: « 1,5 Go ». */
  readonly valueLabel: string;
  readonly colour: string;
  /** Tooltip; the label and value when absent. */
  readonly title?: string;
}

export interface BarChartOptions {
  /** `<title>` of the picture (accessible name). */
  readonly title: string;
  /** Prefix of the ids of `<title>`/`<desc>` (unique in the page). */
  readonly id: string;
  /** Width in px (default 720). */
  readonly width?: number;
}

const LABEL_W = 230;
const VALUE_W = 90;
const BAR_H = 18;
const PITCH = 26;
const TOP = 6;

const px = (n: number): string => String(Math.round(n * 10) / 10);

/** The chart as an inline `<svg>` element (no XML declaration, no namespace: meant for an HTML page). */
export function renderBarChartSvg(bars: readonly Bar[], opts: BarChartOptions): string {
  const width = opts.width ?? 720;
  const plotW = Math.max(1, width - LABEL_W - VALUE_W);
  const max = Math.max(0, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const height = TOP * 2 + Math.max(1, bars.length) * PITCH;
  const rows = bars.map((b, i) => {
    const y = TOP + i * PITCH;
    const value = Number.isFinite(b.value) && b.value > 0 ? b.value : 0;
    const w = max > 0 ? Math.max(value > 0 ? 1 : 0, (value / max) * plotW) : 0;
    const tip = b.title ?? `${b.label} : ${b.valueLabel}`;
    return `<g class="bar"><title>${e(tip)}</title><text x="${LABEL_W - 8}" y="${y + 13}" text-anchor="end">${e(b.label)}</text>`
      + `<rect x="${LABEL_W}" y="${y}" width="${px(w)}" height="${BAR_H}" fill="${e(b.colour)}"/>`
      + `<text x="${px(LABEL_W + w + 6)}" y="${y + 13}">${e(b.valueLabel)}</text></g>`;
  });
  const desc = bars.map((b) => `${b.label} : ${b.valueLabel}`).join(' ; ');
  return `<svg class="bar-chart" role="img" aria-labelledby="${e(opts.id)}-title ${e(opts.id)}-desc" width="${width}" height="${height}" `
    + `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" fill="#1b1f24">`
    + `<title id="${e(opts.id)}-title">${e(opts.title)}</title><desc id="${e(opts.id)}-desc">${e(desc === '' ? 'Aucune donnée.' : desc)}</desc>`
    + `${rows.join('')}</svg>`;
}
