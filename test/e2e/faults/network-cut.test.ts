/**
 * Network cut versus power loss, end to end: a real collector process on this machine, a real agent process in
 * its own network namespace (a veth pair, a private /30), heartbeat every 1 s, offline after 2 s, inside a
 * maintenance window, a real webhook receiver.
 * - nft drops every packet of the namespace: the collector declares the server offline (provisional cause
 *   power loss); the rule is removed, the same agent process beats again with the same boot time → the outage
 *   is closed as a network gap (`network`), in the webhook, the servers API and the availability report;
 * - `kill -9` of the agent, restarted with a boot time moved to "a few seconds ago" (the machine rebooted) →
 *   the outage is closed as a power loss (`power_loss`).
 * The agent's boot time is now − uptime: its fake /proc/uptime follows the real clock from a chosen boot instant.
 */
import { mkdtempSync, readlinkSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { createNetNamespace, type NetNamespace } from '../../helpers/netns.ts';
import { enrolWithCli, makeAgentRoot, startAgentProcess, startCollectorProcess, waitFor, type RunningProcess } from '../../helpers/processes.ts';
import { has } from '../../helpers/requirements.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';

const ADMIN = 'e2e-admin-token-0123456789';
const SECRET = 'e2e-webhook-secret-0123456789';
const UAI = '0860021F';
const MACHINE = 'scribe';

const running: RunningProcess[] = [];
let receiver: WebhookReceiver | undefined;
let netns: NetNamespace | undefined;
let uptimeTicker: NodeJS.Timeout | undefined;

afterAll(async () => {
  clearInterval(uptimeTicker);
  await Promise.all(running.splice(0).reverse().map((p) => p.stop('SIGKILL')));
  await receiver?.close();
  netns?.destroy();
});

interface Notice {
  kind: string;
  cause: string;
  state: string;
  window: { name: string } | null;
}

interface ServerDetail {
  state: string;
  outages: { startedAt: string | null; endedAt: string | null; cause: string; provisional: boolean; rebooted: boolean | null; notified: boolean }[];
}

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
      '    delaySeconds: 0',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * Keeps `<rootDir>/proc/uptime` equal to now − `boot()` (written atomically every 200 ms), so the agent computes
 * the same boot time at every beat, as on a real server, until `boot` changes.
 */
function followUptime(rootDir: string, boot: () => number): NodeJS.Timeout {
  const file = join(rootDir, 'proc/uptime');
  const write = () => {
    const uptime = ((Date.now() - boot()) / 1000).toFixed(2);
    writeFileSync(`${file}.tmp`, `${uptime} 100.00\n`);
    renameSync(`${file}.tmp`, file);
  };
  write();
  return setInterval(write, 200);
}

async function detail(url: string): Promise<ServerDetail> {
  const res = await fetch(`${url}/api/v1/servers/${UAI}/${MACHINE}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as ServerDetail;
}

const notices = (r: WebhookReceiver): Notice[] => r.requests.map((q) => q.json() as Notice);

/** Waits for the `n`-th (1-based) webhook notice of `kind`. */
async function nthNotice(r: WebhookReceiver, kind: string, n: number, timeoutMs = 10_000): Promise<Notice> {
  return await waitFor(`notice ${kind} #${n}`, () => notices(r).filter((p) => p.kind === kind)[n - 1], timeoutMs);
}

describe.runIf(has('root', 'ip', 'nft'))('network cut versus power loss (agent in a network namespace, nft)', () => {
  it('a cut link closes as a network gap (same boot time); kill -9 and a new boot time close as a power loss', async () => {
    const startedAt = performance.now();
    netns = createNetNamespace('netcut');
    receiver = await startWebhookReceiver();
    const dir = mkdtempSync(join(tmpdir(), 'vigie-e2e-netcut-'));
    // The collector listens on this machine's end of the link only: the agent can reach it through the veth alone.
    const collector = await startCollectorProcess({
      dir,
      args: ['--config', collectorConfig(dir, `${receiver.url}/hook`)],
      env: { VIGIE_COLLECTOR_HOST: netns.hostAddress },
    });
    running.push(collector);
    expect(new URL(collector.url).hostname).toBe(netns.hostAddress);
    const token = await enrolWithCli(collector.databasePath, UAI, MACHINE);

    const rootDir = makeAgentRoot();
    const stateDir = mkdtempSync(join(tmpdir(), 'vigie-state-'));
    let bootMs = Math.floor(Date.now() / 1000) * 1000 - 3 * 86_400_000; // up for three days
    uptimeTicker = followUptime(rootDir, () => bootMs);
    const startAgent = () => {
      const agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir, stateDir, wrap: netns!.exec, env: { VIGIE_SCAN_ENABLED: 'false' } });
      running.push(agent);
      return agent;
    };

    // 1. The agent, in its namespace, beats.
    const agent = startAgent();
    // `ip netns exec` execs Node.js: the pid is the agent's own (kill -9 below reaches it), in the namespace.
    const node = realpathSync(process.execPath);
    await waitFor('the agent to run in the namespace', () => readlinkSync(`/proc/${agent.proc.pid}/exe`) === node);
    expect(readlinkSync(`/proc/${agent.proc.pid}/ns/net`)).toBe(`net:[${statSync(`/run/netns/${netns.name}`).ino}]`);
    // (tsx loads the agent's sources at each start: seconds on a busy machine)
    await waitFor('the server online', async () => ((await detail(collector.url)).state === 'online' ? true : undefined), 30_000);
    await new Promise((done) => setTimeout(done, 1_500)); // a few beats

    // 2. Network cut: offline (provisional cause), then the link is back and the same process beats again.
    const cutAt = Date.now();
    netns.cut();
    const down = await nthNotice(receiver, 'down', 1);
    const cutDetectedMs = Date.now() - cutAt;
    expect(down).toMatchObject({ kind: 'down', cause: 'power_loss', state: 'offline', window: { name: 'Bascule e2e' } });
    const during = await detail(collector.url);
    expect(during.state).toBe('offline');
    expect(during.outages[0]).toMatchObject({ cause: 'power_loss', provisional: true, endedAt: null });
    expect(agent.proc.exitCode).toBeNull(); // the agent never stopped: only its link did
    await waitFor('a failed heartbeat logged by the agent', () => agent.lines.find((l) => l.includes('heartbeat not delivered')));

    const restoredAt = Date.now();
    netns.restore();
    const upNetwork = await nthNotice(receiver, 'up', 1);
    const backMs = Date.now() - restoredAt;
    expect(upNetwork).toMatchObject({ kind: 'up', cause: 'network', state: 'online' });
    const afterCut = await detail(collector.url);
    expect(afterCut.state).toBe('online');
    expect(afterCut.outages).toHaveLength(1);
    expect(afterCut.outages[0]).toMatchObject({ cause: 'network', provisional: false, rebooted: false, notified: true });
    expect(afterCut.outages[0]!.endedAt).not.toBeNull();
    expect(agent.proc.exitCode).toBeNull();

    // 3. Power loss: the agent dies without a word, and the machine comes back with a new boot time.
    await new Promise((done) => setTimeout(done, 1_500));
    const killedAt = Date.now();
    expect(await agent.stop('SIGKILL')).toBeNull();
    const down2 = await nthNotice(receiver, 'down', 2);
    const killDetectedMs = Date.now() - killedAt;
    expect(down2).toMatchObject({ kind: 'down', cause: 'power_loss', state: 'offline' });
    bootMs = Date.now() - 5_000; // rebooted five seconds ago
    await new Promise((done) => setTimeout(done, 300)); // the uptime file follows the new boot
    startAgent();
    const upPower = await nthNotice(receiver, 'up', 2, 30_000);
    expect(upPower).toMatchObject({ kind: 'up', cause: 'power_loss', state: 'online' });
    const afterPower = await detail(collector.url);
    expect(afterPower.state).toBe('online');
    expect(afterPower.outages).toHaveLength(2);
    const byCause = Object.fromEntries(afterPower.outages.map((o) => [o.cause, o]));
    expect(byCause['network']).toMatchObject({ provisional: false, rebooted: false });
    expect(byCause['power_loss']).toMatchObject({ provisional: false, rebooted: true });
    expect(notices(receiver).map((p) => `${p.kind}:${p.cause}`)).toEqual(['down:power_loss', 'up:network', 'down:power_loss', 'up:power_loss']);

    // 4. The availability report tells the two apart: the network gap kept the server powered, the power loss did not.
    const res = await fetch(`${collector.url}/api/v1/reports/availability?window=${encodeURIComponent('Bascule e2e')}&format=json`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      fleet: { outagesByCause: Record<string, number> };
      servers: { uai: string; server: string; unreachableByCause: Record<string, number>; outages: { cause: string; powered: boolean; provisional: boolean }[] }[];
    };
    expect(report.fleet.outagesByCause).toMatchObject({ network: 1, power_loss: 1, shutdown: 0, site: 0 });
    const server = report.servers.find((s) => s.uai === UAI && s.server === MACHINE);
    expect(server?.outages.map((o) => [o.cause, o.powered, o.provisional]).sort()).toEqual([
      ['network', true, false],
      ['power_loss', false, false],
    ]);
    expect(server?.unreachableByCause['network']).toBeGreaterThan(0);
    expect(server?.unreachableByCause['power_loss']).toBeGreaterThan(0);

    process.stdout.write(
      `e2e network cut: offline after ${cutDetectedMs} ms, back ${backMs} ms after the link; kill -9 → offline after ${killDetectedMs} ms; ` +
        `whole test ${Math.round(performance.now() - startedAt)} ms\n`,
    );
  }, 120_000);
});
