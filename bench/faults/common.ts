// Shared pieces of `npm run bench:faults`: a provisioned fleet in a fresh database, a real collector process
// started on a fixed port (so it can be killed and restarted at the same address), the messages the simulated
// agents send, one keep-alive HTTP client per agent, and the figures (percentiles, RSS of a process).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client, type Dispatcher } from 'undici';
import { generateToken, hashToken } from '../../collector/auth/tokens.ts';
import { openDatabase } from '../../collector/storage/database.ts';
import type { Event, Heartbeat, Report } from '../../shared/protocol/index.ts';
import { aHeartbeat, aMinimalReport, anEvent } from '../../shared/testing/messages.ts';
import { uaiCheckLetter } from '../../shared/uai.ts';
import { freePort } from '../../test/helpers/daemon-process.ts';
import { startCollectorProcess, type CollectorProcess } from '../../test/helpers/processes.ts';

export interface Agent {
  readonly index: number;
  readonly uai: string;
  readonly machine: string;
  readonly token: string;
  /** Boot time its messages carry (three days before the bench started). */
  readonly bootTime: string;
}

/** A UAI with its check letter, distinct for each index (0860001…). */
export function uaiOf(i: number): string {
  const digits = String(860_001 + i).padStart(7, '0');
  return `${digits}${uaiCheckLetter(digits)}`;
}

/**
 * Creates a database (migrated by the collector's own code) with `n` enrolled servers and returns their
 * tokens. The rows are inserted with plain SQL in one transaction, as `enrolServer` would write them (token
 * hash, the liveness row comes from the schema's trigger): 10,000 enrolments one transaction each would take
 * minutes on this disk, and the bench should not depend on the storage API's calling convention.
 */
export function provisionFleet(dir: string, n: number): Agent[] {
  const path = join(dir, 'vigie.db');
  openDatabase(path).close();
  const db = new Database(path);
  const bootTime = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const insert = db.prepare('INSERT INTO servers (uai, machine, name, academie, token_hash, enrolled_at_ms) VALUES (?, ?, ?, ?, ?, ?)');
  const agents: Agent[] = [];
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < n; i += 1) {
      const token = generateToken();
      const uai = uaiOf(i);
      insert.run(uai, 'scribe', `Collège ${uai}`, 'ac-poitiers', hashToken(token), now);
      agents.push({ index: i, uai, machine: 'scribe', token, bootTime });
    }
  })();
  db.close();
  return agents;
}

/** The local day `days` from today, YYYY-MM-DD (Europe/Paris is close enough: the window spans 3 days). */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every directory {@link benchDir} made, for the entry point to remove (or print with --keep). */
export const benchDirs: string[] = [];

/** A temporary directory holding a collector configuration (YAML, JSON being valid YAML) and its database. */
export function benchDir(name: string, config: Record<string, unknown>): { dir: string; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), `vigie-bench-faults-${name}-`));
  benchDirs.push(dir);
  const configFile = join(dir, 'collector.yaml');
  writeFileSync(configFile, JSON.stringify({ logLevel: 'info', ...config }, null, 2));
  return { dir, configFile };
}

/** A collector that can be killed and started again on the same port and database. */
export interface RestartableCollector {
  readonly url: string;
  current(): CollectorProcess;
  /** SIGKILL (a crash) or SIGTERM; resolves when the process is gone. */
  stop(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again (same port, same database); resolves once it listens. */
  start(): Promise<void>;
  /** Seconds the last start took, from spawning to listening. */
  lastStartSeconds(): number;
}

export async function restartableCollector(dir: string, configFile: string): Promise<RestartableCollector> {
  const port = await freePort();
  let t0 = performance.now();
  let proc = await startCollectorProcess({ dir, port, args: ['--config', configFile] });
  let startSeconds = (performance.now() - t0) / 1000;
  let stopped = false;
  return {
    url: proc.url,
    current: () => proc,
    lastStartSeconds: () => startSeconds,
    async stop(signal) {
      await proc.stop(signal);
      stopped = true;
    },
    async start() {
      if (!stopped) throw new Error('the collector is still running');
      // The port can linger for a moment after a kill: retry a few times.
      t0 = performance.now();
      for (let attempt = 0; ; attempt += 1) {
        try {
          proc = await startCollectorProcess({ dir, port, args: ['--config', configFile] });
          startSeconds = (performance.now() - t0) / 1000;
          stopped = false;
          return;
        } catch (err) {
          if (attempt >= 5) throw err;
          await sleep(200);
        }
      }
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function heartbeatOf(a: Agent, intervalSeconds: number): Heartbeat {
  const now = Date.now();
  return aHeartbeat({
    messageId: randomUUID(),
    sentAt: new Date(now).toISOString(),
    server: { uai: a.uai, machine: a.machine },
    intervalSeconds,
    bootTime: a.bootTime,
    uptimeSeconds: Math.round((now - Date.parse(a.bootTime)) / 1000),
  });
}

/** A `startup` event with the same boot time: the agent process restarted (an upgrade), the server did not. */
export function startupEventOf(a: Agent): Event {
  const at = new Date().toISOString();
  return anEvent({ messageId: randomUUID(), sentAt: at, at, type: 'startup', server: { uai: a.uai, machine: a.machine }, bootTime: a.bootTime });
}

/** A nightly report without sections (the smallest valid one). */
export function reportOf(a: Agent): Report {
  const now = Date.now();
  return aMinimalReport({
    messageId: randomUUID(),
    sentAt: new Date(now).toISOString(),
    startedAt: new Date(now - 60_000).toISOString(),
    finishedAt: new Date(now - 1000).toISOString(),
    server: { uai: a.uai, machine: a.machine },
  });
}

export type Kind = 'heartbeat' | 'event' | 'report';

export interface PostResult {
  /** HTTP status, or 0 when the request failed (refused, reset). */
  readonly status: number;
  /** `accepted` / `duplicate` for a 200. */
  readonly outcome?: string;
  readonly ms: number;
}

/** One keep-alive connection, as one agent has (`pipelining: 1`, a request at a time). */
export function agentClient(url: string): Client {
  return new Client(url, { pipelining: 1, connect: { timeout: 5_000 }, headersTimeout: 30_000, bodyTimeout: 30_000 });
}

/** POSTs one message on `dispatcher` and never throws. */
export async function post(dispatcher: Dispatcher, token: string, kind: Kind, body: unknown): Promise<PostResult> {
  const t0 = performance.now();
  try {
    const res = await dispatcher.request({
      method: 'POST',
      path: `/api/v1/${kind}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    const ms = performance.now() - t0;
    if (res.statusCode === 200) return { status: 200, outcome: (JSON.parse(text) as { status: string }).status, ms };
    return { status: res.statusCode, ms };
  } catch {
    return { status: 0, ms: performance.now() - t0 };
  }
}

export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
export const median = (xs: readonly number[]): number => percentile([...xs].sort((a, b) => a - b), 0.5);

/** VmRSS of a process in MB. */
export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}
