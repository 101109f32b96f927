/**
 * A timeline of servers' states over a maintenance window, as an inline SVG string (pure). One row per server
 * (label truncated, full text in a `<title>` tooltip), coloured segments per state, a tick per local day of the
 * window's time zone, a line at "now", and a legend. No script, no external reference, system fonts only.
 *
 * Bounded size whatever the fleet: at most `maxRows` rows (the caller orders them, worst first; a last line says
 * how many are left out), and each row is drawn per pixel column: at most one rectangle per column, and past 120
 * rectangles on coarser buckets of columns, however many outages it had. Where segments overlap, the
 * highest-ranked kind wins (an outage always shows, at least one pixel or bucket wide).
 */
import { escapeHtml as e } from '../escape-html.ts';
import { localMidnights } from './day-ticks.ts';
import { TIMELINE_COLOURS, TIMELINE_KINDS, TIMELINE_LABELS, TIMELINE_RANK, TIMELINE_TRACK_COLOUR, type TimelineKind } from './timeline-kinds.ts';

export interface TimelineSegment {
  readonly startMs: number;
  readonly endMs: number;
  readonly kind: TimelineKind;
  /** Tooltip of the segment (« Coupure de courant ou plantage : 12/07 14:02 → 12/07 16:10 (2 h 8 min) »). */
  readonly title?: string;
}

export interface TimelineRow {
  /** Shown at the left, truncated: « 0860021F scribe — Collège Jean Moulin ». */
  readonly label: string;
  /** Full text of the tooltip; the label when absent. */
  readonly title?: string;
  /** Any order, may overlap (see the module comment). Parts outside the window are ignored. */
  readonly segments: readonly TimelineSegment[];
}

export interface TimelineWindow {
  readonly startMs: number;
  readonly endMs: number;
  /** IANA zone of the day ticks. */
  readonly timeZone: string;
  /** Drawn as a vertical line when inside the window. */
  readonly nowMs?: number;
}

export interface TimelineOptions {
  /** `<title>` of the picture (accessible name). */
  readonly title: string;
  /** Prefix of the ids of `<title>`/`<desc>` (unique in the page). */
  readonly id: string;
  /** Rows drawn at most (default 60). */
  readonly maxRows?: number;
  /** Width of the picture in px (default 960). */
  readonly width?: number;
}

export const DEFAULT_TIMELINE_ROWS = 60;
const LABEL_W = 250;
const RIGHT = 22;
const TOP = 26;
const ROW_H = 12;
const PITCH = 16;
const LABEL_CHARS = 36;
const CHAR_W = 6.2;
const LEGEND_LINE = 18;
const MIN_TICK_SPACING = 44;
/** Above this many rectangles a row is drawn on coarser buckets of pixels (outages still win), keeping the SVG small. */
const MAX_RUNS_PER_ROW = 120;

const px = (n: number): string => String(Math.round(n * 10) / 10);

/** `text` cut to `max` characters (code points), with an ellipsis. */
export function truncateLabel(text: string, max: number = LABEL_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

interface Run { x0: number; x1: number; kind: TimelineKind; title: string | undefined }

/** The row as runs of pixel columns of one kind and tooltip. */
export function rowRuns(segments: readonly TimelineSegment[], window: TimelineWindow, plotW: number): Run[] {
  const span = window.endMs - window.startMs;
  if (span <= 0 || plotW <= 0) return [];
  const kinds: (TimelineKind | null)[] = new Array<TimelineKind | null>(plotW).fill(null);
  const titles: (string | undefined)[] = new Array<string | undefined>(plotW).fill(undefined);
  for (const s of segments) {
    const start = Math.max(s.startMs, window.startMs);
    const end = Math.min(s.endMs, window.endMs);
    if (end <= start) continue;
    const x0 = Math.min(plotW - 1, Math.floor(((start - window.startMs) / span) * plotW));
    const x1 = Math.min(plotW, Math.max(x0 + 1, Math.ceil(((end - window.startMs) / span) * plotW)));
    for (let x = x0; x < x1; x += 1) {
      const current = kinds[x] ?? null;
      if (current === null || TIMELINE_RANK[s.kind] > TIMELINE_RANK[current]) {
        kinds[x] = s.kind;
        titles[x] = s.title;
      }
    }
  }
  for (let bucket = 1; ; bucket *= 2) {
    const runs = runsOf(kinds, titles, bucket);
    if (runs.length <= MAX_RUNS_PER_ROW || bucket >= plotW) return runs;
  }
}

/** Runs over buckets of `bucket` columns, each of the highest-ranked kind in it (tooltips kept only unbucketed). */
function runsOf(kinds: readonly (TimelineKind | null)[], titles: readonly (string | undefined)[], bucket: number): Run[] {
  const runs: Run[] = [];
  for (let x0 = 0; x0 < kinds.length; x0 += bucket) {
    const x1 = Math.min(kinds.length, x0 + bucket);
    let kind: TimelineKind | null = null;
    for (let x = x0; x < x1; x += 1) {
      const k = kinds[x] ?? null;
      if (k !== null && (kind === null || TIMELINE_RANK[k] > TIMELINE_RANK[kind])) kind = k;
    }
    if (kind === null) continue;
    const title = bucket === 1 ? titles[x0] : undefined;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.x1 === x0 && last.kind === kind && last.title === title) last.x1 = x1;
    else runs.push({ x0, x1, kind, title });
  }
  return runs;
}

function legend(y0: number, width: number): { svg: string; height: number } {
  const items: string[] = [];
  let x = 0;
  let line = 0;
  for (const kind of TIMELINE_KINDS) {
    const label = TIMELINE_LABELS[kind];
    const w = 18 + label.length * CHAR_W + 18;
    if (x > 0 && x + w > width - RIGHT) {
      x = 0;
      line += 1;
    }
    const y = y0 + line * LEGEND_LINE;
    items.push(`<rect x="${px(x)}" y="${y}" width="12" height="12" fill="${TIMELINE_COLOURS[kind]}"/>`
      + `<text x="${px(x + 17)}" y="${y + 10}">${e(label)}</text>`);
    x += w;
  }
  return { svg: `<g class="legend">${items.join('')}</g>`, height: (line + 1) * LEGEND_LINE };
}

function ticks(window: TimelineWindow, plotW: number, bottom: number): string {
  const days = localMidnights(window.startMs, window.endMs, window.timeZone);
  const span = window.endMs - window.startMs;
  const every = Math.max(1, Math.ceil(MIN_TICK_SPACING / (plotW / Math.max(1, days.length))));
  return days.map((d, i) => {
    const x = LABEL_W + ((d.ms - window.startMs) / span) * plotW;
    const label = i % every === 0 ? `<text x="${px(x)}" y="${TOP - 10}" text-anchor="middle">${e(d.label)}</text>` : '';
    return `<line x1="${px(x)}" y1="${TOP - 6}" x2="${px(x)}" y2="${bottom}" stroke="#d9dee5"/>${label}`;
  }).join('');
}

/** The picture as an inline `<svg>` element (no XML declaration, no namespace: meant for an HTML page). */
export function renderTimelineSvg(rows: readonly TimelineRow[], window: TimelineWindow, opts: TimelineOptions): string {
  const width = opts.width ?? 960;
  const plotW = Math.max(1, Math.floor(width - LABEL_W - RIGHT));
  const maxRows = Math.max(0, opts.maxRows ?? DEFAULT_TIMELINE_ROWS);
  const shown = rows.slice(0, maxRows);
  const hidden = rows.length - shown.length;
  const rowsBottom = TOP + shown.length * PITCH;
  const body = shown.map((row, i) => {
    const y = TOP + i * PITCH;
    const runs = rowRuns(row.segments, window, plotW).map((r) => {
      const rect = `x="${LABEL_W + r.x0}" y="${y}" width="${r.x1 - r.x0}" height="${ROW_H}" fill="${TIMELINE_COLOURS[r.kind]}"`;
      return r.title === undefined ? `<rect ${rect}/>` : `<rect ${rect}><title>${e(r.title)}</title></rect>`;
    });
    return `<g class="row"><text x="${LABEL_W - 6}" y="${y + ROW_H - 2}" text-anchor="end"><title>${e(row.title ?? row.label)}</title>${e(truncateLabel(row.label))}</text>`
      + `<rect x="${LABEL_W}" y="${y}" width="${plotW}" height="${ROW_H}" fill="${TIMELINE_TRACK_COLOUR}"/>${runs.join('')}</g>`;
  });
  const more = hidden > 0
    ? `<text class="more" x="${LABEL_W}" y="${rowsBottom + 12}">… et ${hidden} autre${hidden > 1 ? 's' : ''} serveur${hidden > 1 ? 's' : ''} (les moins touchés)</text>`
    : '';
  const empty = shown.length === 0 ? `<text x="${LABEL_W}" y="${TOP + 12}">Aucun serveur dans la période.</text>` : '';
  const moreH = hidden > 0 || shown.length === 0 ? PITCH + 4 : 4;
  const span = window.endMs - window.startMs;
  const now = window.nowMs !== undefined && window.nowMs > window.startMs && window.nowMs < window.endMs && span > 0
    ? (() => {
      const x = px(LABEL_W + ((window.nowMs - window.startMs) / span) * plotW);
      return `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${rowsBottom}" stroke="#1b1f24" stroke-width="1.5" stroke-dasharray="3 2"><title>Maintenant</title></line>`;
    })()
    : '';
  const legendY = rowsBottom + moreH + 8;
  const { svg: legendSvg, height: legendH } = legend(legendY, width);
  const height = legendY + legendH + 4;
  const desc = `Une ligne par serveur (${shown.length} affiché${shown.length > 1 ? 's' : ''} sur ${rows.length}), `
    + `une graduation par jour ; couleurs : ${TIMELINE_KINDS.map((k) => TIMELINE_LABELS[k].toLowerCase()).join(', ')}.`;
  return `<svg class="timeline" role="img" aria-labelledby="${e(opts.id)}-title ${e(opts.id)}-desc" width="${width}" height="${height}" `
    + `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" fill="#1b1f24">`
    + `<title id="${e(opts.id)}-title">${e(opts.title)}</title><desc id="${e(opts.id)}-desc">${e(desc)}</desc>`
    + `${ticks(window, plotW, rowsBottom)}${body.join('')}${now}${more}${empty}${legendSvg}</svg>`;
}
