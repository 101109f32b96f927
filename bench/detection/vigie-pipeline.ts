// The Vigie pipeline: a real `vigie-collector run` process (liveness sweep every `intervalMs`, offline after
// `offlineAfterMs`) with two channels — the signed webhook straight to a receiver, and Alertmanager
// (group_wait 0s) → a second receiver — and a real `vigie-agent run` process sending a heartbeat every
// `intervalMs`. One trial = kill -9 of the agent → the signed 'down' webhook arrives (and, reported apart,
// the Alertmanager-relayed notification). The agent is then restarted and the 'up' notice awaited.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyWebhookSignature } from '../../collector/notifiers/webhook-notifier.ts';
import type { WebhookPayload } from '../../collector/notifiers/webhook-notifier.ts';
import { startAlertmanager } from '../../test/helpers/alertmanager.ts';
import type { RunningAlertmanager } from '../../test/helpers/alertmanager.ts';
import { spawnDaemon } from '../../test/helpers/daemon-process.ts';
import type { Daemon } from '../../test/helpers/daemon-process.ts';
import { enrolWithCli, makeAgentRoot, scrape, startAgentProcess } from '../../test/helpers/processes.ts';
import type { RunningProcess } from '../../test/helpers/processes.ts';
import { startWebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import type { ReceivedRequest, WebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import type { PipelineTimings } from './prometheus-pipeline.ts';
import { sleep } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'bench-detection-shared-secret';
const UAI = '0860021F';
const MACHINE = 'scribe';

export interface VigieTrial {
  /** kill -9 → the collector's signed webhook. */
  readonly webhookMs: number;
  /** kill -9 → the notification relayed by Alertmanager (collector → Alertmanager → receiver). */
  readonly viaAlertmanagerMs: number;
  /** The cause the down notification gave (power_loss expected after kill -9). */
  readonly cause: string;
}

export interface VigiePipeline {
  trial(): Promise<VigieTrial>;
  stop(): Promise<void>;
}

function ms(value: number): string {
  return `${Math.round(value)}ms`;
}

async function startCollector(configFile: string, log: (m: string) => void): Promise<{ daemon: Daemon; url: string }> {
  const daemon = spawnDaemon(process.execPath, [join(ROOT, 'bin/vigie-collector.js'), '--config', configFile, 'run']);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const line = daemon.output().split('\n').find((l) => l.includes('"collector listening"'));
    if (line !== undefined) {
      const url = (JSON.parse(line) as { address: string }).address;
      log(`vigie collector ready: ${url}`);
      return { daemon, url };
    }
    if (daemon.exited() || Date.now() > deadline) throw new Error(`collector did not start:\n${daemon.output()}`);
    await sleep(50);
  }
}

export async function startVigiePipeline(t: PipelineTimings, log: (msg: string) => void): Promise<VigiePipeline> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-vigie-'));
  const direct: WebhookReceiver = await startWebhookReceiver();
  const relayed: WebhookReceiver = await startWebhookReceiver();
  const am: RunningAlertmanager = await startAlertmanager({ webhookUrl: relayed.url });
  const databasePath = join(dir, 'vigie.db');
  const configFile = join(dir, 'collector.yaml');
  writeFileSync(
    configFile,
    [
      'listen: { host: 127.0.0.1, port: 0 }',
      `databasePath: ${databasePath}`,
      'logLevel: info',
      'liveness:',
      `  offlineAfter: ${ms(t.offlineAfterMs)}`,
      `  sweepInterval: ${ms(t.intervalMs)}`,
      '  reminderEvery: 1h',
      '  maxDownNoticesPerHour: 1000',
      'notifications:',
      `  webhook: { url: '${direct.url}', secret: '${SECRET}' }`,
      `  alertmanager: { urls: ['${am.url}'] }`,
      '  grouping: { delaySeconds: 0 }   # one webhook per notice, at once: the detection latency is measured',
      '',
    ].join('\n'),
  );
  const token = await enrolWithCli(databasePath, UAI, MACHINE, 'Collège Bench');
  const collector = await startCollector(configFile, log);
  const rootDir = makeAgentRoot();
  const startAgent = (): RunningProcess =>
    startAgentProcess({
      collectorUrl: collector.url,
      token,
      rootDir,
      env: { VIGIE_HEARTBEAT_INTERVAL_SECONDS: String(t.intervalMs / 1000) },
    });
  let agent = startAgent();

  const signedEvent = (kind: string, from: number) => (r: ReceivedRequest): boolean => {
    if (direct.requests.indexOf(r) < from || r.headers['x-vigie-event'] !== kind) return false;
    const check = verifyWebhookSignature({
      secret: SECRET,
      signature: r.headers['x-vigie-signature'] as string | undefined,
      timestamp: r.headers['x-vigie-timestamp'] as string | undefined,
      rawBody: r.rawBody,
      now: new Date(),
    });
    if (!check.ok) throw new Error(`bad webhook signature (${check.reason})`);
    return (r.json() as WebhookPayload).server.machine === MACHINE;
  };
  const isOnline = async (): Promise<boolean> =>
    (await scrape(collector.url, 'scribe_server_up')).some((l) => l.includes(`server="${MACHINE}"`) && l.endsWith(' 1'));
  const waitUntil = async (what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${collector.daemon.output().slice(-3000)}`);
      await sleep(50);
    }
  };
  // The collector judges nobody offline during its start-up grace (one offline delay): let it pass.
  await sleep(t.offlineAfterMs + t.intervalMs);

  return {
    async trial() {
      await waitUntil('the server online', isOnline);
      await sleep(t.intervalMs * 2 + Math.random() * t.intervalMs); // random phase against the heartbeat cycle
      const fromDirect = direct.requests.length;
      const fromRelayed = relayed.requests.length;
      const killedAt = Date.now();
      agent.proc.kill('SIGKILL');
      const down = await direct.waitFor(signedEvent('down', fromDirect), 60_000);
      const firing = await relayed.waitFor(
        (r) => relayed.requests.indexOf(r) >= fromRelayed && (r.json() as { status: string }).status === 'firing',
        60_000,
      );
      await agent.stop();
      agent = startAgent();
      await direct.waitFor(signedEvent('up', fromDirect), 60_000);
      await relayed.waitFor((r) => relayed.requests.indexOf(r) >= fromRelayed && (r.json() as { status: string }).status === 'resolved', 60_000);
      return {
        webhookMs: down.receivedAtMs - killedAt,
        viaAlertmanagerMs: firing.receivedAtMs - killedAt,
        cause: (down.json() as WebhookPayload).cause,
      };
    },
    async stop() {
      await agent.stop('SIGKILL');
      await collector.daemon.stop();
      await am.stop();
      await direct.close();
      await relayed.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}
