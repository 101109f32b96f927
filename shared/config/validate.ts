import type { TSchema, Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError, invalidMessage } from '../errors.ts';

/**
 * Validates a merged configuration object against its schema after applying defaults.
 * Every problem is reported, one per line, in the shape
 * `<source>: <key> is invalid, expected <rule> (actual: <value>)`, then thrown as `ERR_CONFIG_INVALID`.
 */
export function validateConfig<T extends TSchema>(schema: T, raw: unknown, source: string): Static<T> {
  const withDefaults = Value.Default(schema, Value.Clone(raw));
  const problems: string[] = [];
  for (const err of Value.Errors(schema, withDefaults)) {
    // A JSON pointer: segments joined by '/', with '~1' for '/' and '~0' for '~' inside a key.
    const key = err.path === '' ? '(root)' : err.path.slice(1).split('/').map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~')).join('.');
    const expected = err.schema.description ? `${describeRule(err.message)} (${err.schema.description.replace(/\.$/, "")})` : describeRule(err.message);
    problems.push(invalidMessage(source, key, expected, err.value));
    if (problems.length >= 20) break;
  }
  if (problems.length > 0) {
    throw new AppError('ERR_CONFIG_INVALID', problems.join('\n'), { details: { source } });
  }
  return withDefaults as Static<T>;
}

/** TypeBox says "Expected integer"; our messages already start with "expected". */
function describeRule(message: string): string {
  return message.replace(/^Expected /, '').replace(/^Unexpected property$/, 'no such key (unknown key)');
}

/** Parses an environment string into the JSON-ish value a schema field expects. */
export function parseEnvValue(raw: string, kind: 'string' | 'integer' | 'number' | 'boolean'): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'integer':
    case 'number':
      return /^-?[0-9]+(\.[0-9]+)?$/.test(raw.trim()) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
  }
}

/** Sets `value` at a dotted path inside a plain object, creating intermediate objects. */
export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}
