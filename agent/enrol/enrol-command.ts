import { hostname } from 'node:os';
import { AppError } from '../../shared/errors.ts';
import type { AgentConfig } from '../config.ts';
import { createRoutes } from '../delivery/routes.ts';
import { readIdentity } from '../identity/read-identity.ts';
import { defaultEnrolDeps, enrol } from './enrol.ts';
import { parseOwner } from './write-token-file.ts';

/** The options `vigie-agent enrol` adds to the command line. */
export const ENROL_OPTIONS = {
  key: { type: 'string' },
  collector: { type: 'string' },
  'token-file': { type: 'string' },
  owner: { type: 'string' },
} as const;

export interface EnrolCliValues {
  readonly key?: string | undefined;
  readonly collector?: string | undefined;
  readonly 'token-file'?: string | undefined;
  readonly owner?: string | undefined;
}

/**
 * `vigie-agent enrol`: the configuration gives the defaults of `--collector` (the first of `collectorUrls`) and
 * `--token-file`; the request goes the way the agent's pushes go (`caFile`, proxy from the configuration, the
 * environment or config.eol).
 */
export async function runEnrolCommand(
  config: AgentConfig,
  values: EnrolCliValues,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string[]> {
  if (values.key === undefined || values.key === '') {
    throw new AppError('ERR_USAGE', 'usage: vigie-agent enrol --key <enrolment key> [--collector <url>] [--token-file <path>] [--owner <uid[:gid]>]');
  }
  const collectorUrl = values.collector ?? config.collectorUrls[0] ?? config.collectorUrl;
  if (!/^https?:\/\/[^\s/]+/.test(collectorUrl)) throw new AppError('ERR_USAGE', `--collector is invalid, expected http(s)://host[:port] (actual: '${collectorUrl}')`);
  const tokenFile = values['token-file'] ?? config.tokenFile;
  if (tokenFile === undefined) {
    throw new AppError('ERR_USAGE', 'no token file: set tokenFile in the agent configuration (e.g. /etc/vigie/token) or pass --token-file <path>');
  }
  const owner = values.owner === undefined ? undefined : parseOwner(values.owner);
  const identity = await readIdentity({ rootDir: config.rootDir, configured: { uai: config.uai, machine: config.machine }, hostname: hostname() });
  const routes = await createRoutes({ urls: [collectorUrl], ca: config.ca, proxies: { configured: config.proxy, env, eole: identity.eoleProxy } });
  try {
    return await enrol(
      { key: values.key, collectorUrl, tokenFile, timeoutMs: config.requestTimeoutMs, owner },
      defaultEnrolDeps(async () => identity, () => routes.routeFor(collectorUrl)),
    );
  } finally {
    await routes.close();
  }
}
