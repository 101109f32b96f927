// Local wall-clock times of instants, fast enough for reports and pages listing tens of thousands of instants.

/** Formats an ISO instant in an IANA time zone as `12/07/2025 14:02`. */
export type LocalDateTimeFormatter = (iso: string, zone: string) => string;

const QUARTER_MS = 15 * 60_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A fast formatter for one rendering (luxon's zone arithmetic costs ~20 µs per call). UTC offsets change only
 * on quarter-hour instants, so the offset is looked up once per zone and quarter hour (Intl), then each instant
 * is formatted with plain arithmetic.
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
