import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfigEol, parseReleaseFile, type CreoleValues } from './parse-config-eol.ts';
import { resolveIdentity, type AgentIdentity } from './resolve-identity.ts';

export interface ReadIdentityOptions {
  /** Filesystem root the agent reads under (`/` in production, a fixture tree in tests). */
  readonly rootDir: string;
  readonly configured: { readonly uai?: string | undefined; readonly machine?: string | undefined };
  readonly hostname: string;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Reads `/etc/eole/config.eol` and `/etc/eole/release` under `rootDir` and resolves the identity. */
export async function readIdentity(opts: ReadIdentityOptions): Promise<AgentIdentity> {
  const configPath = join(opts.rootDir, 'etc/eole/config.eol');
  const releasePath = join(opts.rootDir, 'etc/eole/release');
  const [configText, releaseText] = await Promise.all([readOptional(configPath), readOptional(releasePath)]);
  const creole: CreoleValues | undefined = configText === undefined ? undefined : parseConfigEol(configText, configPath);
  return resolveIdentity({
    creole,
    creoleSource: configPath,
    release: releaseText === undefined ? undefined : parseReleaseFile(releaseText),
    configured: opts.configured,
    hostname: opts.hostname,
    searched: [`${configPath} (${configText === undefined ? 'missing' : 'no numero_etab'})`, 'agent configuration "uai" (unset)'],
  });
}
