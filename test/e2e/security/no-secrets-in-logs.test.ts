// No secret ever reaches a log line: a collector and agents run at debug level through accepted and refused
// pushes, wrong tokens, Basic auth, a protected /metrics and a collector outage; then every line either
// process wrote (stdout and stderr, as test/helpers/processes.ts captures them) is searched for each secret.
import { afterAll, describe, expect, it } from 'vitest';
import { aHeartbeat } from '../../../shared/testing/messages.ts';
import { enrolWithCli, makeAgentRoot, startAgentProcess, startCollectorProcess, waitFor, type RunningProcess } from '../../helpers/processes.ts';

const ADMIN = 'admin-secret-token-0123456789';
const READER = 'reader-secret-token-0123456789';
const METRICS = 'metrics-secret-token-0123456789';
const METRICS_PASSWORD = 'metrics-basic-password-0123';
const UNKNOWN = 'vigie_unknown-agent-token-0123456789';
const running: RunningProcess[] = [];
afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL');
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('secrets in logs', () => {
  it('never writes a token, a password or Basic credentials to a log line', async () => {
    const env = {
      VIGIE_COLLECTOR_LOG_LEVEL: 'debug',
      VIGIE_COLLECTOR_ADMIN_TOKEN: ADMIN,
      VIGIE_COLLECTOR_REPORTS_READER_TOKEN: READER,
      VIGIE_COLLECTOR_METRICS_BEARER_TOKEN: METRICS,
    };
    const collector = await startCollectorProcess({ env });
    running.push(collector);
    const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
    const agentEnv = { VIGIE_LOG_LEVEL: 'debug', VIGIE_SCAN_ENABLED: 'false' };
    const agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir: makeAgentRoot(), env: agentEnv });
    const stranger = startAgentProcess({ collectorUrl: collector.url, token: UNKNOWN, rootDir: makeAgentRoot({ configEol: 'config-2.8.eol' }), env: agentEnv });
    running.push(agent, stranger);
    await waitFor('heartbeats to be stored', async () => (await (await fetch(`${collector.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } })).text()).includes('scribe_server_uptime_seconds{'));

    const call = (path: string, authorization: string, init: RequestInit = {}) =>
      fetch(`${collector.url}${path}`, { ...init, headers: { authorization, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
    for (const [path, auth] of [
      ['/metrics', `Bearer ${ADMIN}`],
      ['/metrics', basic('prometheus', METRICS_PASSWORD)],
      ['/api/v1/servers', `Bearer ${READER}`],
      ['/api/v1/servers', `Bearer ${ADMIN}`],
      ['/api/v1/reports/quotas?format=json', basic('ent', READER)],
      ['/status', basic('ent', `${READER}x`)],
      [`/no-such-route?token=${ADMIN}`, `Bearer ${ADMIN}`],
    ] as const) {
      expect((await call(path, auth)).status, path).toBeLessThan(500);
    }
    for (const body of [aHeartbeat(), { ...aHeartbeat(), agentVersion: token }, 'not json']) {
      const res = await call('/api/v1/heartbeat', `Bearer ${token}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
      expect(res.status).toBeLessThan(500);
    }
    // The collector goes away: the agents log their failed pushes.
    await collector.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 2500));
    await agent.stop('SIGTERM');
    await stranger.stop('SIGTERM');

    const secrets = [token, ADMIN, READER, METRICS, METRICS_PASSWORD, UNKNOWN, Buffer.from(`ent:${READER}`).toString('base64')];
    const lines = [...collector.lines.map((l) => ['collector', l]), ...agent.lines.map((l) => ['agent', l]), ...stranger.lines.map((l) => ['agent (unknown token)', l])];
    expect(lines.length).toBeGreaterThan(20);
    const leaks = lines.filter(([, line]) => secrets.some((s) => line!.includes(s)));
    expect(leaks, 'log lines holding a secret').toEqual([]);
  });
});
