// Starts a real Alertmanager (Debian `prometheus-alertmanager`) on a free 127.0.0.1 port, with a temporary
// storage dir, clustering disabled, and a config routing every alert to one webhook receiver at once
// (group_wait 0s). `stop()` kills it and removes the temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, startOnFreePort } from './daemon-process.ts';
import type { Daemon } from './daemon-process.ts';

export function alertmanagerBinary(): string | undefined {
  return findBinary('prometheus-alertmanager', 'alertmanager');
}

export interface AlertmanagerOptions {
  /** Where the route's only receiver posts (Alertmanager webhook_config, send_resolved: true). */
  readonly webhookUrl: string;
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  readonly groupBy?: readonly string[];
}

export interface RunningAlertmanager {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly daemon: Daemon;
  /** `GET /api/v2/alerts` (all alerts, active and resolved-but-kept). */
  alerts(): Promise<Array<{ labels: Record<string, string>; annotations: Record<string, string>; status: { state: string }; endsAt: string; startsAt: string }>>;
  stop(): Promise<void>;
}

export function alertmanagerConfig(options: AlertmanagerOptions): string {
  const groupBy = (options.groupBy ?? ['alertname', 'uai', 'server']).map((l) => `'${l}'`).join(', ');
  return [
    'route:',
    '  receiver: test',
    `  group_by: [${groupBy}]`,
    `  group_wait: ${options.groupWait ?? '0s'}`,
    `  group_interval: ${options.groupInterval ?? '1s'}`,
    `  repeat_interval: ${options.repeatInterval ?? '1h'}`,
    'receivers:',
    '  - name: test',
    '    webhook_configs:',
    `      - url: '${options.webhookUrl}'`,
    '        send_resolved: true',
    '',
  ].join('\n');
}

export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const binary = alertmanagerBinary();
  if (binary === undefined) throw new Error('prometheus-alertmanager is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-am-'));
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, alertmanagerConfig(options));

  let started: Awaited<ReturnType<typeof startOnFreePort>>;
  try {
    started = await startOnFreePort(binary, (port) => [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=info',
    ]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { url, daemon } = started;
  return {
    url,
    daemon,
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts`);
      if (!res.ok) throw new Error(`GET /api/v2/alerts: HTTP ${res.status}`);
      return (await res.json()) as Awaited<ReturnType<RunningAlertmanager['alerts']>>;
    },
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
