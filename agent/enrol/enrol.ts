/**
 * `vigie-agent enrol --key <key>`: reads this server's identity (config.eol), asks the collector for its own
 * token (`POST /api/v1/enrol`), writes it to `tokenFile` (0600) and says what to do next.
 */
import { AppError } from '../../shared/errors.ts';
import { SCHEMA_VERSION, type EnrolRequest, type EnrolResponse } from '../../shared/protocol/index.ts';
import type { Route } from '../delivery/routes.ts';
import { httpTransport } from '../delivery/http-transport.ts';
import { AGENT_VERSION } from '../heartbeat/build-heartbeat.ts';
import type { AgentIdentity } from '../identity/resolve-identity.ts';
import { writeTokenFile } from './write-token-file.ts';

export interface EnrolOptions {
  readonly key: string;
  readonly collectorUrl: string;
  readonly tokenFile: string;
  readonly timeoutMs: number;
  readonly owner?: { uid: number; gid: number } | undefined;
}

export interface EnrolDeps {
  readonly identity: () => Promise<AgentIdentity>;
  readonly post: (url: string, body: EnrolRequest, timeoutMs: number) => Promise<{ status: number; json: unknown }>;
  readonly writeToken: (path: string, token: string, owner?: { uid: number; gid: number }) => void;
}

/**
 * The real network and file system. `routeFor` says how to reach a URL (the agent's routes: `caFile`, proxy);
 * default: Node's global agents.
 */
export const defaultEnrolDeps = (identity: () => Promise<AgentIdentity>, routeFor?: (url: string) => Route): EnrolDeps => ({
  identity,
  post: async (url, body, timeoutMs) => {
    const route = routeFor?.(url);
    const res = await httpTransport({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs,
      agent: route?.agent,
      ca: route?.ca,
    });
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      json = { message: res.body.slice(0, 200) };
    }
    return { status: res.statusCode, json };
  },
  writeToken: writeTokenFile,
});

/** Enrols this server; returns the lines to print. Throws `ERR_ENROL_REFUSED` with the collector's reason. */
export async function enrol(opts: EnrolOptions, deps: EnrolDeps): Promise<string[]> {
  const id = await deps.identity();
  const url = `${opts.collectorUrl.replace(/\/+$/, '')}/api/v1/enrol`;
  let res: { status: number; json: unknown };
  try {
    res = await deps.post(url, { schemaVersion: SCHEMA_VERSION, agentVersion: AGENT_VERSION, enrolmentKey: opts.key, server: id.server, eole: id.eole }, opts.timeoutMs);
  } catch (err) {
    throw new AppError('ERR_ENROL_UNREACHABLE', `cannot reach the collector at ${url}: ${(err as Error).message}`);
  }
  const who = `${id.server.uai}/${id.server.machine}`;
  if (res.status !== 200 && res.status !== 202) {
    const body = (res.json ?? {}) as { code?: string; message?: string };
    throw new AppError('ERR_ENROL_REFUSED', `enrolment of ${who} refused (HTTP ${res.status} ${body.code ?? ''}): ${body.message ?? 'no reason given'}`);
  }
  const answer = res.json as EnrolResponse;
  deps.writeToken(opts.tokenFile, answer.token, opts.owner);
  const school = answer.school === null ? '' : ` (${answer.school.name}${answer.school.commune === null ? '' : `, ${answer.school.commune}`})`;
  const lines = [`Identity ${who} read from ${id.uaiSource}.`, `Token written to ${opts.tokenFile} (mode 0600).`];
  if (answer.status === 'enrolled') {
    lines.unshift(`Enrolled ${who}${school} with the collector ${opts.collectorUrl}.`);
    lines.push(`Next: make sure the agent configuration has tokenFile: ${opts.tokenFile} and collectorUrl: ${opts.collectorUrl}, then restart the agent (systemctl restart vigie-agent).`);
  } else {
    lines.unshift(`Enrolment of ${who} is waiting for an administrator (request ${answer.requestId ?? '?'}): the school is not in the collector's inventory.`);
    lines.push(
      `Next: ask the rectorat to run 'vigie-collector servers approve ${answer.requestId ?? '<id>'}'; until then the collector refuses this server's pushes. ` +
        `Set tokenFile: ${opts.tokenFile} in the agent configuration and start the agent; it is accepted as soon as the request is approved.`,
    );
  }
  return lines;
}
