// Real collector and agent processes for end-to-end tests (loopback only, free ports, temp dirs).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../..');
export { FIXTURES_DIR } from './fixtures.ts';
import { FIXTURES_DIR } from './fixtures.ts';

export interface RunningProcess {
  readonly proc: ChildProcess;
  /** Every output line so far (stdout and stderr). */
  readonly lines: string[];
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts Node.js on `script`; `wrap` is a command that runs it (e.g. `ip netns exec <name>`, which execs it: same pid). */
function launch(script: string, args: string[], env: Record<string, string>, wrap: readonly string[] = []): RunningProcess {
  const [command, ...commandArgs] = [...wrap, process.execPath, script.startsWith('/') ? script : join(ROOT, 'bin', script), ...args];
  const proc = spawn(command!, commandArgs, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [proc.stdout!, proc.stderr!]) createInterface({ input: stream }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
  return {
    proc,
    lines,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Waits until `predicate` holds, polling every 50 ms; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface CollectorProcess extends RunningProcess {
  readonly url: string;
  readonly databasePath: string;
}

/** Starts `vigie-collector run` on a free loopback port with a database in `dir` (a temp dir by default). */
export async function startCollectorProcess(
  opts: { dir?: string; env?: Record<string, string>; port?: number; args?: string[] } = {},
): Promise<CollectorProcess> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'vigie-collector-'));
  const databasePath = join(dir, 'vigie.db');
  const p = launch('vigie-collector.js', [...(opts.args ?? []), 'run'], {
    VIGIE_COLLECTOR_PORT: String(opts.port ?? 0),
    VIGIE_COLLECTOR_DATABASE: databasePath,
    VIGIE_COLLECTOR_LOG_LEVEL: 'info',
    ...opts.env,
  });
  const url = await waitFor('the collector to listen', () => {
    for (const l of p.lines) {
      if (l.includes('"collector listening"')) return (JSON.parse(l) as { address: string }).address;
    }
    if (p.proc.exitCode !== null) throw new Error(`collector exited early:\n${p.lines.join('\n')}`);
    return undefined;
  });
  return { ...p, url, databasePath };
}

/** Enrols a server with the real CLI against a collector's database; returns the token. */
export async function enrolWithCli(databasePath: string, uai: string, machine: string, name = `Collège ${uai}`): Promise<string> {
  const p = launch('vigie-collector.js', ['servers', 'add', uai, machine, '--name', name], { VIGIE_COLLECTOR_DATABASE: databasePath });
  const code = await new Promise<number | null>((done) => p.proc.once('exit', done));
  if (code !== 0) throw new Error(`servers add failed (${code}):\n${p.lines.join('\n')}`);
  return p.lines[p.lines.length - 1]!.trim();
}

/**
 * A fake server root for the agent: EOLE config (a fixture) and /proc files, so a test controls identity
 * and uptime. Returns the directory to pass as VIGIE_ROOT_DIR.
 */
export function makeAgentRoot(opts: { configEol?: string; uptimeSeconds?: number } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-root-'));
  mkdirSync(join(dir, 'etc/eole'), { recursive: true });
  mkdirSync(join(dir, 'proc'), { recursive: true });
  copyFileSync(join(FIXTURES_DIR, 'eole', opts.configEol ?? 'config-2.8.eol'), join(dir, 'etc/eole/config.eol'));
  copyFileSync(join(FIXTURES_DIR, 'eole', 'release-2.8'), join(dir, 'etc/eole/release'));
  writeFileSync(join(dir, 'proc/uptime'), `${opts.uptimeSeconds ?? 86_400} 100.0\n`);
  writeFileSync(join(dir, 'proc/loadavg'), '0.42 0.30 0.20 1/200 4242\n');
  writeFileSync(join(dir, 'proc/meminfo'), 'MemTotal:        8000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\n');
  // Sizes come from statfs on <rootDir>/<mount point>: here the temporary directory's own filesystem.
  mkdirSync(join(dir, 'home'), { recursive: true });
  writeFileSync(join(dir, 'proc/mounts'), '/dev/vda1 / ext4 rw,relatime 0 0\n/dev/vdb1 /home ext4 rw,relatime,usrquota 0 0\n');
  return dir;
}

/**
 * Starts `vigie-agent run` against a collector (`bin`: another entry point, e.g. the bundled dist/cli-entry.mjs).
 * Its state and spool live in `stateDir` (a new temp dir by default; pass the same one to restart "the same
 * server"); proxy variables of the test runner are cleared unless `env` sets them. `wrap`: a command prefix that
 * runs the agent elsewhere, e.g. `ip netns exec <name>` (test/helpers/netns.ts).
 */
export function startAgentProcess(opts: {
  collectorUrl: string;
  token: string;
  rootDir: string;
  stateDir?: string;
  env?: Record<string, string>;
  bin?: string;
  args?: string[];
  command?: string;
  wrap?: readonly string[];
}): RunningProcess {
  return launch(opts.bin ?? 'vigie-agent.js', [...(opts.args ?? []), opts.command ?? 'run'], {
    ...NO_PROXY_ENV,
    VIGIE_COLLECTOR_URL: opts.collectorUrl,
    VIGIE_TOKEN: opts.token,
    VIGIE_ROOT_DIR: opts.rootDir,
    VIGIE_STATE_DIR: opts.stateDir ?? mkdtempSync(join(tmpdir(), 'vigie-state-')),
    VIGIE_HEARTBEAT_INTERVAL_SECONDS: '1',
    VIGIE_HEARTBEAT_JITTER_RATIO: '0',
    VIGIE_REQUEST_TIMEOUT_MS: '900',
    VIGIE_LOG_LEVEL: 'info',
    ...opts.env,
  }, opts.wrap);
}

const NO_PROXY_ENV = { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '' };

/** Fetches /metrics and returns the lines of the series `name`. */
export async function scrape(url: string, name: string): Promise<string[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}
