import { readFileSync } from 'node:fs';
import type { Static, TSchema } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../errors.ts';
import { assertPlainTree } from './plain-tree.ts';
import { parseEnvValue, setPath, validateConfig } from './validate.ts';

/** Environment variable → [dotted config key, how to parse its text]. */
export type EnvKeys = Readonly<Record<string, readonly [string, 'string' | 'integer' | 'number' | 'boolean']>>;

export interface LoadConfigInput {
  /** Path of the YAML file, if any (`--config`). */
  readonly file?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile?: (path: string) => string;
}

/**
 * The one way both programs read their configuration: YAML file (optional) < environment overrides < schema
 * defaults, validated at once with every problem named (`<file>: <key> is invalid, expected …`).
 * Returns the validated object and the source name used in messages.
 */
export function loadConfig<T extends TSchema>(
  schema: T,
  envKeys: EnvKeys,
  input: LoadConfigInput,
  defaultSource: string,
): { config: Static<T>; source: string; readFile: (path: string) => string } {
  const readFile = input.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  let raw: Record<string, unknown> = {};
  if (input.file !== undefined) {
    let text: string;
    try {
      text = readFile(input.file);
    } catch (err) {
      throw new AppError('ERR_CONFIG_UNREADABLE', `${input.file}: cannot read the configuration file (${(err as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (err) {
      throw new AppError('ERR_CONFIG_INVALID', `${input.file}: not valid YAML (${(err as Error).message})`);
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new AppError('ERR_CONFIG_INVALID', `${input.file}: expected a mapping of keys at the top level`);
      }
      assertPlainTree(parsed, input.file);
      raw = parsed as Record<string, unknown>;
    }
  }
  for (const [name, [key, kind]] of Object.entries(envKeys)) {
    const value = input.env[name];
    if (value !== undefined && value !== '') setPath(raw, key, parseEnvValue(value, kind));
  }
  const source = input.file ?? defaultSource;
  return { config: validateConfig(schema, raw, source), source, readFile };
}
