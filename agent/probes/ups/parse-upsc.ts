/**
 * Pure parsers of NUT's `upsc` output:
 * - `upsc <ups>` prints one `key: value` line per variable (`ups.status: OB LB`, `battery.charge: 54`,
 *   `battery.runtime: 720`);
 * - `upsc -l [host]` prints one UPS name per line.
 * No I/O: the reader runs the command and hands the text over.
 */
import type { UpsReading } from '../../../shared/protocol/index.ts';

/** Longest runtime accepted (a week, the protocol's bound); anything above is a driver's placeholder. */
const MAX_RUNTIME_SECONDS = 604_800;
const MAX_TOKENS = 16;
const TOKEN = /^[A-Za-z0-9_-]{1,16}$/;

/** The variables of one `upsc <ups>` run, by name (first occurrence wins). */
export function parseUpscVariables(text: string): ReadonlyMap<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (!/^[a-z0-9_.]+$/i.test(key) || vars.has(key)) continue;
    vars.set(key, line.slice(colon + 1).trim());
  }
  return vars;
}

function finiteNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+(\.\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The reading of UPS `name` from the output of `upsc <name>`; undefined when there is no `ups.status` (not a
 * UPS answer at all). Charge is clamped to 0–100 % and given as a ratio; a runtime out of range is dropped.
 */
export function parseUpscReading(name: string, text: string): UpsReading | undefined {
  const vars = parseUpscVariables(text);
  const statusText = vars.get('ups.status');
  if (statusText === undefined) return undefined;
  const status = statusText
    .split(/\s+/)
    .filter((t) => TOKEN.test(t))
    .slice(0, MAX_TOKENS);
  const reading: { -readonly [K in keyof UpsReading]: UpsReading[K] } = {
    name,
    status,
    onBattery: status.includes('OB'),
    lowBattery: status.includes('LB'),
  };
  const charge = finiteNumber(vars.get('battery.charge'));
  if (charge !== undefined) reading.chargeRatio = Math.round(Math.min(100, Math.max(0, charge)) * 10) / 1000;
  const runtime = finiteNumber(vars.get('battery.runtime'));
  if (runtime !== undefined && runtime >= 0 && runtime <= MAX_RUNTIME_SECONDS) reading.runtimeSeconds = runtime;
  return reading;
}

/** UPS names from `upsc -l [host]` (one per line; blank lines and anything that is not a name are ignored). */
export function parseUpscList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[A-Za-z0-9_.-]{1,64}$/.test(l));
}
