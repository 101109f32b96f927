/**
 * fast-check arbitraries for fuzzing the collector and the configuration loaders: the values an attacker or a
 * broken agent sends (wrong types, huge and empty strings, control characters, numbers out of range, `NaN` as
 * text, deep nesting), paths into a valid message to plant them at, and raw bodies (invalid UTF-8, duplicate
 * keys, truncated JSON).
 */
import fc from 'fast-check';

/** A nesting `depth` deep: `[[[…]]]` or `{"a":{"a":…}}`. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** Values no field of a message expects, or at the edge of what it accepts. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, 0, -0, -1, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 2 ** 64, 1.5, Number.MIN_VALUE,
    'NaN', 'Infinity', '-0', '1e308', '', ' ', '\u0000', '\u001b[31m', '\r\n', '\ud800', '💥', 'x'.repeat(70_000),
    '../../etc/passwd', '<script>alert(1)</script>', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z', '2025-02-30T00:00:00Z',
    [], {}, [null], { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(deeplyNested(200, 'array'), deeplyNested(200, 'object')),
);

/** Every path of a JSON value (objects and arrays), the root excluded. */
export function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push([...prefix, i], ...pathsOf(v, [...prefix, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
  }
  return out;
}

/** A deep copy of `value` with `path` set to `replacement`, or removed when `replacement` is `REMOVE`. */
export const REMOVE = Symbol('remove');
export function withValueAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

/** One change to a valid message: a field replaced by a nasty value, removed, or an unknown field added. */
export type Mutation =
  | { readonly kind: 'replace'; readonly path: (string | number)[]; readonly value: unknown }
  | { readonly kind: 'remove'; readonly path: (string | number)[] }
  | { readonly kind: 'add'; readonly path: (string | number)[]; readonly value: unknown };

export function mutationOf(valid: unknown): fc.Arbitrary<Mutation> {
  const paths = pathsOf(valid);
  const objectPaths = [[], ...paths.filter((p) => isPlainObject(p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], valid)))];
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...paths), value: nastyValue }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom(...paths) }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...objectPaths), fc.string({ minLength: 1, maxLength: 12 }), nastyValue)
        .map(([p, k, value]) => ({ kind: 'add' as const, path: [...p, `x_${k}`], value })),
    },
  );
}

export function applyMutation(valid: unknown, m: Mutation): unknown {
  return withValueAt(valid, m.path, m.kind === 'remove' ? REMOVE : m.value);
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Raw request bodies: not JSON, invalid UTF-8, duplicate keys, truncated or very deep JSON. */
export function rawBody(valid: unknown): fc.Arbitrary<Buffer> {
  const text = JSON.stringify(valid);
  return fc.oneof(
    fc.uint8Array({ maxLength: 256 }).map((a) => Buffer.from(a)),
    fc.string({ unit: 'binary', maxLength: 256 }).map((s) => Buffer.from(s)),
    fc.nat(text.length).map((n) => Buffer.from(text.slice(0, n))),
    fc.nat(text.length).map((n) => Buffer.concat([Buffer.from(text.slice(0, n)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(text.slice(n))])),
    fc.constant(Buffer.from(`{"schemaVersion":"1.0",${text.slice(1)}`)),
    fc.constant(Buffer.from(`${text.slice(0, -1)},"server":{"uai":"0170001J","machine":"x"}}`)),
    fc.constant(Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
    fc.constant(Buffer.from(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`)),
    fc.constant(Buffer.from(`{"__proto__":{"polluted":true},${text.slice(1)}`)),
    fc.constant(Buffer.from(text.replace('"1.0"', '"1.0\\u0000"'))),
    fc.constant(Buffer.from('')),
  );
}
