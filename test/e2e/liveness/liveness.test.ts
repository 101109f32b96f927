/**
 * End to end in real time: real agent processes, a real collector process, a real webhook receiver that
 * verifies the HMAC. Heartbeat every 1 s, offline after 2 s, inside a maintenance window.
 * - `kill -9` of an agent (nothing announced) → down alert within 4 s, cause power loss/crash (provisional);
 * - SIGTERM of an agent (it announces its shutdown) → down alert with cause announced shutdown;
 * - the collector restarted while agents keep running → zero alerts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../collector/notifiers/webhook-notifier.ts';
import { freePort } from '../../helpers/daemon-process.ts';
import { enrolWithCli, makeAgentRoot, startAgentProcess, startCollectorProcess, waitFor, type RunningProcess } from '../../helpers/processes.ts';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';

const SECRET = 'e2e-webhook-secret-0123456789';
const ADMIN = 'e2e-admin-token-0123456789';
const running: RunningProcess[] = [];
let receiver: WebhookReceiver | undefined;

afterEach(async () => {
  await Promise.all(running.splice(0).reverse().map((p) => p.stop('SIGKILL')));
  await receiver?.close();
  receiver = undefined;
});

interface Payload {
  kind: string;
  cause: string;
  severity: string;
  state: string;
  server: { uai: string; machine: string };
  window: { name: string } | null;
  summary: string;
}

/** Collector config: offline after 2 s, a window around today, the webhook notifier pointing at `receiver`. */
function collectorConfig(dir: string, webhookUrl: string): string {
  const today = DateTime.now().setZone('Europe/Paris');
  const file = join(dir, 'collector.yaml');
  writeFileSync(
    file,
    [
      `adminToken: ${ADMIN}`,
      'liveness:',
      '  offlineAfter: 2s',
      '  sweepInterval: 1s',
      '  windows:',
      `    - "Bascule e2e: ${today.minus({ days: 1 }).toISODate()} → ${today.plus({ days: 1 }).toISODate()}"`,
      'notifications:',
      '  webhook:',
      `    url: ${webhookUrl}`,
      `    secret: ${SECRET}`,
      '  grouping:',
      '    delaySeconds: 0   # one webhook per notice, at once: this test measures the detection latency',
      '',
    ].join('\n'),
  );
  return file;
}

async function setup(opts: { port?: number } = {}) {
  receiver = await startWebhookReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-e2e-liveness-'));
  const config = collectorConfig(dir, `${receiver.url}/hook`);
  const collector = await startCollectorProcess({ dir, ...(opts.port === undefined ? {} : { port: opts.port }), args: ['--config', config] });
  running.push(collector);
  return { dir, config, collector, receiver };
}

function payloads(r: WebhookReceiver): Payload[] {
  return r.requests.map((q) => q.json() as Payload);
}

function verified(req: ReceivedRequest): boolean {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return verifyWebhookSignature({
    secret: SECRET,
    signature: header('x-vigie-signature'),
    timestamp: header('x-vigie-timestamp'),
    rawBody: req.rawBody,
    now: new Date(),
  }).ok;
}

async function startAgent(collectorUrl: string, token: string, identity = { uai: '0860021F', machine: 'scribe' }): Promise<RunningProcess> {
  const rootDir = makeAgentRoot();
  // the EOLE config names the server: give each agent its own school code and machine name
  const eol = join(rootDir, 'etc/eole/config.eol');
  const identityFixed = readFileSync(eol, 'utf8')
    .replace('"0860021f"', JSON.stringify(identity.uai.toLowerCase()))
    .replace('"nom_machine": {"owner": "gen_config", "val": "scribe"}', `"nom_machine": {"owner": "gen_config", "val": ${JSON.stringify(identity.machine)}}`);
  writeFileSync(eol, identityFixed);
  const agent = startAgentProcess({ collectorUrl, token, rootDir });
  running.push(agent);
  return agent;
}

async function stateOf(url: string, uai: string, machine: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/servers/${uai}/${machine}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return ((await res.json()) as { state: string }).state;
}

async function waitOnline(url: string, uai: string, machine: string): Promise<void> {
  await waitFor(`${uai}/${machine} online`, async () => ((await stateOf(url, uai, machine)) === 'online' ? true : undefined));
}

describe('liveness end to end (real processes, heartbeat 1 s, offline after 2 s)', () => {
  it('kill -9 of an agent → alert within 4 s with cause power loss/crash, signed; back → back-online notice', async () => {
    const { collector, receiver: r } = await setup();
    const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe', 'Collège Jean Moulin');
    const agent = await startAgent(collector.url, token);
    await waitOnline(collector.url, '0860021F', 'scribe');
    await new Promise((done) => setTimeout(done, 1500));

    const killedAt = Date.now();
    await agent.stop('SIGKILL');
    const alert = await r.waitFor((q) => (q.json() as Payload).kind === 'down', 8_000);
    const delayMs = alert.receivedAtMs - killedAt;
    const body = alert.json() as Payload;
    expect(body).toMatchObject({ kind: 'down', cause: 'power_loss', severity: 'critical', state: 'offline', window: { name: 'Bascule e2e' } });
    expect(body.summary).toContain('coupure de courant');
    expect(verified(alert)).toBe(true);
    expect(delayMs).toBeLessThan(4_000);
    process.stdout.write(`e2e liveness: kill -9 → alert in ${delayMs} ms\n`);

    await startAgent(collector.url, token);
    const back = await r.waitFor((q) => (q.json() as Payload).kind === 'up', 8_000);
    expect(verified(back)).toBe(true);
    // same boot time (the process was killed, the machine did not reboot): network/collector-side gap
    expect(back.json()).toMatchObject({ kind: 'up', cause: 'network' });
    expect(payloads(r).filter((p) => p.kind === 'down')).toHaveLength(1);
  }, 60_000);

  it('SIGTERM of an agent → it announces the shutdown → alert with cause announced shutdown', async () => {
    const { collector, receiver: r } = await setup();
    const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
    const agent = await startAgent(collector.url, token);
    await waitOnline(collector.url, '0860021F', 'scribe');

    expect(await agent.stop('SIGTERM')).toBe(0);
    expect(await stateOf(collector.url, '0860021F', 'scribe')).toBe('shutdown');
    const alert = await r.waitFor((q) => (q.json() as Payload).kind === 'down', 8_000);
    expect(alert.json()).toMatchObject({ kind: 'down', cause: 'shutdown', state: 'shutdown', severity: 'critical' });
    expect(verified(alert)).toBe(true);
  }, 60_000);

  it('collector restarted while the agents keep running → zero alerts', async () => {
    const port = await freePort();
    const first = await setup({ port });
    const servers = [
      { uai: '0860021F', machine: 'scribe' },
      { uai: '0170001J', machine: 'scribe' },
    ];
    for (const s of servers) await startAgent(first.collector.url, await enrolWithCli(first.collector.databasePath, s.uai, s.machine), s);
    await waitOnline(first.collector.url, '0860021F', 'scribe');
    await waitOnline(first.collector.url, '0170001J', 'scribe');

    await first.collector.stop('SIGTERM');
    await new Promise((done) => setTimeout(done, 5_000)); // longer than the offline delay
    const again = await startCollectorProcess({ dir: first.dir, port, args: ['--config', first.config] });
    running.push(again);
    await new Promise((done) => setTimeout(done, 6_000)); // grace (2 s) and well beyond
    expect(await stateOf(again.url, '0860021F', 'scribe')).toBe('online');
    expect(await stateOf(again.url, '0170001J', 'scribe')).toBe('online');
    expect(first.receiver.requests).toHaveLength(0);
  }, 90_000);
});
