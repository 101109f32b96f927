// Starts a real Prometheus (Debian package `prometheus`) on a free 127.0.0.1 port with a temporary config and
// data dir, for e2e tests: scrape targets and rule files are given by the test; `stop()` kills it and cleans up.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { findBinary, startOnFreePort, type Daemon } from './daemon-process.ts';

export function prometheusBinary(): string | undefined {
  return findBinary('prometheus');
}

export function promtoolBinary(): string | undefined {
  return findBinary('promtool');
}

/** Runs `promtool check metrics` with a metrics exposition on stdin; `output` is empty when all is well. */
export async function promtoolCheckMetrics(exposition: string): Promise<{ code: number | null; output: string }> {
  const binary = promtoolBinary();
  if (binary === undefined) throw new Error('promtool is not installed (Debian package prometheus)');
  return await new Promise((resolve, reject) => {
    const child = spawn(binary, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(exposition);
  });
}

export interface ScrapeJob {
  readonly job: string;
  /** `host:port` targets. */
  readonly targets: readonly string[];
  readonly metricsPath?: string;
}

export interface PrometheusOptions {
  readonly jobs: readonly ScrapeJob[];
  /** Absolute paths of rule files to load. */
  readonly ruleFiles?: readonly string[];
  /** Default 1s (Prometheus then needs ~5-6 s for its first samples). */
  readonly scrapeInterval?: string;
  readonly evaluationInterval?: string;
}

/** One series of an instant query result. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface RuleHealth {
  readonly name: string;
  readonly type: 'alerting' | 'recording';
  readonly health: string;
  readonly lastError?: string;
}

export interface RunningPrometheus {
  readonly url: string;
  readonly daemon: Daemon;
  /** `GET /api/v1/query`; throws with Prometheus' error text on a bad query. */
  query(expr: string): Promise<Sample[]>;
  /** Polls `query(expr)` until `accept(result)` or throws after `timeoutMs`. */
  waitFor(expr: string, accept: (samples: Sample[]) => boolean, timeoutMs?: number): Promise<Sample[]>;
  /** `GET /api/v1/rules`: every loaded rule with its evaluation health. */
  rules(): Promise<RuleHealth[]>;
  stop(): Promise<void>;
}

/** The YAML Prometheus is started with (exported for tests of this helper). */
export function prometheusConfig(options: PrometheusOptions): string {
  return stringify({
    global: {
      scrape_interval: options.scrapeInterval ?? '1s',
      scrape_timeout: '1s',
      evaluation_interval: options.evaluationInterval ?? '1s',
    },
    rule_files: [...(options.ruleFiles ?? [])],
    scrape_configs: options.jobs.map((j) => ({
      job_name: j.job,
      metrics_path: j.metricsPath ?? '/metrics',
      static_configs: [{ targets: [...j.targets] }],
    })),
  });
}

interface ApiAnswer<T> {
  status: 'success' | 'error';
  data?: T;
  error?: string;
}

async function api<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as ApiAnswer<T>;
  if (body.status !== 'success' || body.data === undefined) throw new Error(`Prometheus ${url}: ${body.error ?? res.status}`);
  return body.data;
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  if (binary === undefined) throw new Error('prometheus is not installed (Debian package prometheus)');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-prom-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(options));

  let started: Awaited<ReturnType<typeof startOnFreePort>>;
  try {
    started = await startOnFreePort(
      binary,
      (port) => [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      30_000,
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { url, daemon } = started;
  const query = async (expr: string): Promise<Sample[]> => {
    const data = await api<{ resultType: string; result: Sample[] | [number, string] }>(
      `${url}/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    if (data.resultType === 'scalar') return [{ metric: {}, value: data.result as [number, string] }];
    return data.result as Sample[];
  };
  return {
    url,
    daemon,
    query,
    async waitFor(expr, accept, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Sample[] = [];
      while (Date.now() < deadline) {
        last = await query(expr);
        if (accept(last)) return last;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`Prometheus: ${expr} not as expected after ${timeoutMs} ms; last result ${JSON.stringify(last)}`);
    },
    async rules() {
      const data = await api<{ groups: Array<{ rules: RuleHealth[] }> }>(`${url}/api/v1/rules`);
      return data.groups.flatMap((g) => g.rules);
    },
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
