/** Parses "90s", "5m", "2h", "1d", "1500ms" (or a bare number of seconds) into milliseconds; undefined if malformed. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(n * factor);
}
