// French numbers for every reader: decimal comma, thin-space grouping, sizes in octets (o, Ko, Mo, Go… in binary
// units, as Scribe's EAD shows quotas), percentages and ratios.

/** Bytes in one "Mo" as Scribe's EAD and InfosQuota count quotas (1024 × 1024). */
export const BYTES_PER_MO = 1024 * 1024;

const UNITS = ['o', 'Ko', 'Mo', 'Go', 'To', 'Po'] as const;

/**
 * A plain decimal with a comma and no group separator, for spreadsheets: `12,35`, `-3`, `0,5`.
 * Rounds to `decimals` and drops trailing zeros; integers stay integers.
 */
export function formatDecimalFr(value: number, decimals: number): string {
  const rounded = roundTo(value, decimals);
  const text = Object.is(rounded, -0) ? '0' : String(rounded);
  return text.replace('.', ',');
}

/** `value` rounded half away from zero to `decimals` places. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

/** Bytes as Mo (2 decimals), for CSV cells. */
export function bytesToMo(bytes: number): number {
  return roundTo(bytes / BYTES_PER_MO, 2);
}

/** A human size for the HTML page: `1,5 Go`, `820 Mo`, `0 o`. Negative values keep their sign. */
export function formatBytesFr(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const decimals = unit === 0 || value >= 100 ? 0 : 1;
  return `${sign}${groupThousands(formatDecimalFr(value, decimals))}\u00a0${UNITS[unit]}`;
}

/** A ratio (0..1) as a French percentage without the sign: `85,3`. */
export function formatPercentFr(ratio: number, decimals = 1): string {
  return formatDecimalFr(ratio * 100, decimals);
}

/** An integer with French thin-space grouping for display: `12 345`. */
export function formatIntegerFr(value: number): string {
  return groupThousands(String(Math.round(value)));
}

function groupThousands(text: string): string {
  const [intPart = '', decPart] = text.split(',');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return decPart === undefined ? grouped : `${grouped},${decPart}`;
}

/** A ratio as a French percentage with its sign, or an em dash when unknown: `99,87 %`. */
export function formatRatioFr(ratio: number | null): string {
  return ratio === null ? '—' : `${formatPercentFr(ratio, 2)}\u00a0%`;
}
