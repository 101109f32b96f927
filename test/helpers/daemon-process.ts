// Starts a real daemon binary (Alertmanager, Prometheus, node_exporter…) for a test or a bench, waits until it
// answers, captures its output for failure messages, and stops it (SIGTERM, then SIGKILL) when done.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/**
 * The absolute path of the first of `names` found in PATH (plus /usr/sbin, /usr/bin, and /lib/nut where Debian
 * keeps NUT's drivers and the real upsd), or undefined.
 */
export function findBinary(...names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin', '/usr/bin', '/usr/sbin', '/bin', '/lib/nut'];
  for (const name of names) {
    for (const dir of dirs) {
      if (dir === '') continue;
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Daemon {
  readonly child: ChildProcess;
  /** Everything the daemon wrote on stdout and stderr so far. */
  output(): string;
  /** True once the process has exited. */
  exited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnDaemon(binary: string, args: readonly string[]): Daemon {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let done = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      resolve();
    });
    child.once('error', (err) => {
      output += `\nspawn error: ${err.message}`;
      done = true;
      resolve();
    });
  });
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return {
    child,
    output: () => output,
    exited: () => done,
    async stop(graceMs = 5_000): Promise<void> {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 2xx (or throws with the daemon's output after `timeoutMs`). */
export async function waitUntilReady(daemon: Daemon, url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (daemon.exited()) throw new Error(`daemon exited before ${url} was ready:\n${daemon.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${lastError}):\n${daemon.output()}`);
}

/**
 * Starts a daemon on a free loopback port and waits for `<url>/-/ready`, trying another port up to three
 * times (the port can be taken between `freePort()` and the daemon's bind).
 */
export async function startOnFreePort(
  binary: string,
  argsFor: (port: number) => readonly string[],
  readyTimeoutMs = 20_000,
): Promise<{ url: string; daemon: Daemon }> {
  let lastError: unknown;
  for (let tries = 0; tries < 3; tries += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const daemon = spawnDaemon(binary, argsFor(port));
    try {
      await waitUntilReady(daemon, `${url}/-/ready`, readyTimeoutMs);
      return { url, daemon };
    } catch (err) {
      lastError = err;
      await daemon.stop(1_000);
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
