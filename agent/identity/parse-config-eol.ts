import { AppError } from '../../shared/errors.ts';

/** Creole variables as a flat map of variable name → list of values (a single value is a one-element list). */
export type CreoleValues = ReadonlyMap<string, readonly string[]>;

/**
 * Parses `/etc/eole/config.eol` in either format:
 * - EOLE ≥ 2.4: JSON `{ "<var>": { "owner": …, "val": … } }` where `val` is a string, a list, or an
 *   index-keyed object (`{"0": "…"}`, the "master/slave" shape);
 * - EOLE 2.3: INI-like sections `[<var>]` with a line `val = ['…', …]` (Python list syntax).
 * `source` names the file in error messages.
 */
export function parseConfigEol(text: string, source: string): CreoleValues {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return parseJsonConfig(text, source);
  if (trimmed.startsWith('[') || trimmed === '') return parseIniConfig(text, source);
  throw new AppError('ERR_IDENTITY_PARSE', `${source}: expected a JSON object or [section] lines, found '${trimmed.slice(0, 30)}'`);
}

function parseJsonConfig(text: string, source: string): CreoleValues {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new AppError('ERR_IDENTITY_PARSE', `${source}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new AppError('ERR_IDENTITY_PARSE', `${source}: expected a JSON object of variables`);
  }
  const out = new Map<string, string[]>();
  for (const [name, entry] of Object.entries(doc as Record<string, unknown>)) {
    if (name.startsWith('___')) continue; // "___version___" and other metadata
    if (typeof entry !== 'object' || entry === null || !('val' in entry)) continue;
    out.set(name, flattenValue((entry as { val: unknown }).val));
  }
  return out;
}

/** `val` may be a scalar, a list, or an object keyed by index ("0", "1", …). */
function flattenValue(val: unknown): string[] {
  if (val === null || val === undefined) return [];
  if (Array.isArray(val)) return val.filter((v) => v !== null && v !== undefined).map(String);
  if (typeof val === 'object') {
    return Object.entries(val as Record<string, unknown>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .flatMap(([, v]) => flattenValue(v));
  }
  return [String(val)];
}

function parseIniConfig(text: string, source: string): CreoleValues {
  const out = new Map<string, string[]>();
  let section: string | undefined;
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    if (/^\s*([#;].*)?$/.test(line)) continue;
    if (!/^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) {
      throw new AppError('ERR_IDENTITY_PARSE', `${source} line ${i + 1}: expected '[variable]' or 'key = value', got '${line.trim()}'`);
    }
    const val = /^\s*val\s*=\s*(.*)$/.exec(line);
    if (val && section !== undefined) {
      const list = parsePythonList(val[1]!.trim());
      if (list === undefined) {
        throw new AppError('ERR_IDENTITY_PARSE', `${source} line ${i + 1}: expected val = ['…', …], got '${line.trim()}'`);
      }
      out.set(section, list);
    }
  }
  return out;
}

/** Parses a Python list literal of strings: `['a', "b\'c"]` → ["a", "b'c"]. Undefined if malformed. */
export function parsePythonList(text: string): string[] | undefined {
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  const body = text.slice(1, -1).trim();
  const items: string[] = [];
  const re = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?[0-9.]+|True|False|None))\s*(,|$)/gy;
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) return undefined;
    const raw = m[1] ?? m[2] ?? m[3] ?? '';
    items.push(raw.replace(/\\(.)/g, '$1'));
    pos = re.lastIndex;
  }
  return items;
}

/** Parses a shell-sourceable `/etc/eole/release` (`KEY="value"` lines). */
export function parseReleaseFile(text: string): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(?:"([^"]*)"|'([^']*)'|(\S*))\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}
