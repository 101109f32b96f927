// The reference pipeline: a real Prometheus scrapes a real node_exporter every `intervalMs`, a rule
// `up == 0` with `for` = the collector's offline delay fires, a real Alertmanager (group_wait 0s) posts it to a
// webhook receiver. One trial = kill -9 of node_exporter → the firing webhook arrives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAlertmanager } from '../../test/helpers/alertmanager.ts';
import type { RunningAlertmanager } from '../../test/helpers/alertmanager.ts';
import { findBinary, freePort, spawnDaemon, waitUntilReady } from '../../test/helpers/daemon-process.ts';
import type { Daemon } from '../../test/helpers/daemon-process.ts';
import { startWebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import type { WebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import { sleep } from './stats.ts';

export const ALERT_NAME = 'BenchTargetDown';

export interface PipelineTimings {
  readonly intervalMs: number;
  readonly offlineAfterMs: number;
}

interface AmWebhook {
  status: string;
  alerts: Array<{ status: string; labels: Record<string, string> }>;
}

function seconds(ms: number): string {
  return `${Math.round(ms)}ms`;
}

export function prometheusConfig(t: PipelineTimings, amPort: number, targetPort: number): string {
  return [
    'global:',
    `  scrape_interval: ${seconds(t.intervalMs)}`,
    `  scrape_timeout: ${seconds(Math.max(100, Math.round(t.intervalMs * 0.9)))}`,
    `  evaluation_interval: ${seconds(t.intervalMs)}`,
    'rule_files: [rules.yml]',
    'alerting:',
    '  alertmanagers:',
    `    - static_configs: [{ targets: ['127.0.0.1:${amPort}'] }]`,
    'scrape_configs:',
    '  - job_name: scribe',
    `    static_configs: [{ targets: ['127.0.0.1:${targetPort}'] }]`,
    '',
  ].join('\n');
}

export function prometheusRules(t: PipelineTimings): string {
  return [
    'groups:',
    '  - name: bench',
    `    interval: ${seconds(t.intervalMs)}`,
    '    rules:',
    `      - alert: ${ALERT_NAME}`,
    '        expr: up{job="scribe"} == 0',
    `        for: ${seconds(t.offlineAfterMs)}`,
    '',
  ].join('\n');
}

export interface PrometheusPipeline {
  /** One kill → notification measurement, in ms. */
  trial(): Promise<number>;
  stop(): Promise<void>;
}

export async function startPrometheusPipeline(t: PipelineTimings, log: (msg: string) => void): Promise<PrometheusPipeline> {
  const prometheus = findBinary('prometheus');
  const exporter = findBinary('prometheus-node-exporter', 'node_exporter');
  if (prometheus === undefined || exporter === undefined) throw new Error('prometheus and prometheus-node-exporter must be installed');

  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-prom-'));
  const receiver: WebhookReceiver = await startWebhookReceiver();
  const am: RunningAlertmanager = await startAlertmanager({ webhookUrl: receiver.url, groupBy: ['alertname', 'instance'] });
  const targetPort = await freePort();
  const promPort = await freePort();
  const promUrl = `http://127.0.0.1:${promPort}`;
  writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig(t, Number(new URL(am.url).port), targetPort));
  writeFileSync(join(dir, 'rules.yml'), prometheusRules(t));

  const startTarget = async (): Promise<Daemon> => {
    const d = spawnDaemon(exporter, [`--web.listen-address=127.0.0.1:${targetPort}`, '--collector.disable-defaults', '--collector.loadavg']);
    await waitUntilReady(d, `http://127.0.0.1:${targetPort}/metrics`);
    return d;
  };
  let target = await startTarget();
  const prom = spawnDaemon(prometheus, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    '--log.level=warn',
  ]);
  await waitUntilReady(prom, `${promUrl}/-/ready`);

  const query = async (expr: string): Promise<Array<{ value: [number, string] }>> => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
    return body.data.result;
  };
  const waitUntil = async (what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };
  const amActive = async (): Promise<number> =>
    (await am.alerts()).filter((a) => a.labels.alertname === ALERT_NAME && a.status.state === 'active').length;

  log(`prometheus pipeline ready: prometheus ${promUrl}, alertmanager ${am.url}, node_exporter :${targetPort}`);

  return {
    async trial() {
      // Steady state: the target is up in Prometheus, nothing firing anywhere.
      await waitUntil('up == 1', async () => (await query('up{job="scribe"}'))[0]?.value[1] === '1');
      await waitUntil('no firing alert', async () => (await query(`ALERTS{alertname="${ALERT_NAME}"}`)).length === 0 && (await amActive()) === 0);
      await sleep(t.intervalMs * 2 + Math.random() * t.intervalMs); // random phase against the scrape cycle
      const seen = receiver.requests.length;
      const killedAt = Date.now();
      target.child.kill('SIGKILL');
      const hook = await receiver.waitFor(
        (r) => receiver.requests.indexOf(r) >= seen && (r.json() as AmWebhook).status === 'firing',
        60_000,
      );
      const elapsed = hook.receivedAtMs - killedAt;
      await target.stop();
      target = await startTarget();
      // Let the alert resolve so the next trial starts from a clean state.
      await receiver.waitFor((r) => receiver.requests.indexOf(r) >= seen && (r.json() as AmWebhook).status === 'resolved', 60_000);
      return elapsed;
    },
    async stop() {
      await target.stop();
      await prom.stop();
      await am.stop();
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
