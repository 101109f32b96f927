// Property-based fuzzing of both configuration loaders: any YAML text, any value at any key, any value of any
// VIGIE_* variable ends in a loaded configuration or an AppError (ERR_CONFIG_INVALID naming the key, or
// ERR_CONFIG_UNREADABLE for a secret file) — never a TypeError or another crash.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { loadAgentConfig } from '../../../../agent/config.ts';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { AppError } from '../../../../shared/errors.ts';
import { applyMutation, mutationOf, nastyValue } from '../../../helpers/fuzz-arbitraries.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const RUNS = 200;

const LOADERS = [
  ['agent', (input: Parameters<typeof loadAgentConfig>[0]) => loadAgentConfig(input), 'agent/config.ts', 'deploy/agent.example.yaml'],
  ['collector', (input: Parameters<typeof loadCollectorConfig>[0]) => loadCollectorConfig(input), 'collector/config.ts', 'deploy/collector.example.yaml'],
] as const;

const FILE = '/etc/vigie/fuzz.yaml';

/** Loads, and returns the AppError when the configuration is refused; anything else thrown fails the property. */
function outcome(load: (input: { file?: string; env: Record<string, string>; readFile: (p: string) => string }) => unknown, yaml: string | undefined, env: Record<string, string> = {}): AppError | undefined {
  const readFile = (p: string) => {
    if (p === FILE && yaml !== undefined) return yaml;
    throw new Error(`ENOENT: no such file '${p}'`);
  };
  try {
    load({ ...(yaml === undefined ? {} : { file: FILE }), env, readFile });
    return undefined;
  } catch (err) {
    expect(err, String((err as Error).stack)).toBeInstanceOf(AppError);
    expect(['ERR_CONFIG_INVALID', 'ERR_CONFIG_UNREADABLE']).toContain((err as AppError).code);
    return err as AppError;
  }
}

describe.each(LOADERS)('fuzzing the %s configuration loader', (_name, load, source, example) => {
  const valid = parseYaml(readFileSync(resolve(ROOT, example), 'utf8')) as Record<string, unknown>;
  const envNames = [...new Set(readFileSync(resolve(ROOT, source), 'utf8').match(/\bVIGIE_[A-Z_]+\b/g) ?? [])];

  it('takes any text as the file without crashing', () => {
    const yamlish = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.jsonValue().map((v) => toYaml(v)),
      fc.constantFrom('a: &a [*a]', 'a: &x [1]\nb: [*x, *x, *x]', 'key: 1\nkey: 2', '!!binary AAAA', '? [a]\n: 1', '__proto__: {x: 1}', 'listen: !!set {a}', `${'- '.repeat(3000)}x`, '\u0000'),
    );
    fc.assert(fc.property(yamlish, (yaml) => void outcome(load, yaml)), { numRuns: RUNS });
  });

  it('refuses any bad value at any key of the example, naming the key', () => {
    fc.assert(
      fc.property(mutationOf(valid), (mutation) => {
        const err = outcome(load, toYaml(applyMutation(valid, mutation)));
        if (err?.code === 'ERR_CONFIG_INVALID' && mutation.kind !== 'remove') expect(err.message).toContain(String(mutation.path[0]));
      }),
      { numRuns: RUNS },
    );
  });

  it('takes any value of any VIGIE_* variable without crashing, naming the key when refused', () => {
    const envValue = fc.oneof(nastyValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')), fc.string({ maxLength: 50 }), fc.constantFrom('NaN', '1e308', '-0', '0x10', ' 5 ', '١٢'));
    fc.assert(
      fc.property(fc.constantFrom(...envNames), envValue, (name, value) => {
        const err = outcome(load, undefined, { [name]: value.replaceAll('\u0000', '') });
        if (err?.code === 'ERR_CONFIG_INVALID') expect(err.message).toMatch(/ is invalid|not both/);
      }),
      { numRuns: RUNS },
    );
  });
});
