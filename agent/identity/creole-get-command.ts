// `vigie-agent creole-get [--file <config.eol>] <variable>`: the fallback of EOLE's CreoleGet for the package's
// shell hooks (deploy/eole/), with the parser the agent reads its identity with (every config.eol shape: a
// string, a list, an object indexed "0", "1"…, or the older INI format), so the hooks hold no second parser.
import { readFileSync } from 'node:fs';
import { AppError } from '../../shared/errors.ts';
import { parseConfigEol } from './parse-config-eol.ts';

export const DEFAULT_CONFIG_EOL = '/etc/eole/config.eol';

/** The values of `variable` in the file, one per line (empty for an empty value); throws when absent. */
export function creoleGet(file: string, variable: string, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): string[] {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new AppError('ERR_CONFIG_UNREADABLE', `${file}: cannot read (${(err as Error).message})`);
  }
  const values = parseConfigEol(text, file).get(variable);
  if (values === undefined) throw new AppError('ERR_CREOLE_VARIABLE_UNKNOWN', `${file}: no variable ${variable}`);
  return [...values];
}
