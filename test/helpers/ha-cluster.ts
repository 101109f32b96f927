// Several real collector processes sharing one PostgreSQL database (the HA set-up of the e2e test
// test/e2e/ha/two-collectors.test.ts and of `npm run bench:ha`): their common configuration file, a handle
// per collector that can be killed (-9) and restarted on the same port, and the servers provisioned in the
// database through the store (the collectors' own code) before they start.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DateTime } from 'luxon';
import { stringify } from 'yaml';
import { enrolServer } from '../../collector/enrolment.ts';
import { openPgStore } from '../../collector/storage/open-store.ts';
import { checkUai, uaiCheckLetter } from '../../shared/uai.ts';
import { freePort } from './daemon-process.ts';
import { waitFor, type RunningProcess } from './processes.ts';

const COLLECTOR_BIN = resolve(import.meta.dirname, '../../bin/vigie-collector.js');

/** A collector process of the set: its output lines (kept only when `keepLines`), and its stop. */
export type HaProcess = RunningProcess;

/**
 * Starts `vigie-collector --config <file> run` on `port` and waits for its « collector listening » line (up to
 * `timeoutMs`: a loaded machine takes a while to load the TypeScript sources).
 */
async function launchCollector(configFile: string, port: number, env: Readonly<Record<string, string>>, timeoutMs: number): Promise<HaProcess> {
  const proc = spawn(process.execPath, [COLLECTOR_BIN, '--config', configFile, 'run'], {
    env: { ...process.env, VIGIE_COLLECTOR_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let listening = false;
  for (const stream of [proc.stdout, proc.stderr]) {
    createInterface({ input: stream }).on('line', (l) => {
      if (!listening) {
        if (l.includes('"collector listening"')) listening = true;
        lines.push(l);
      } else if (!l.includes('"reqId"')) {
        lines.push(l); // after start-up, all but the request log (a bench sends a million requests)
        if (lines.length > 2000) lines.splice(0, 1000);
      }
    });
  }
  const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
  const handle: HaProcess = {
    proc,
    lines,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  try {
    await waitFor('the collector to listen', () => {
      if (proc.exitCode !== null) throw new Error(`collector exited early (${proc.exitCode}):\n${lines.join('\n')}`);
      return listening ? true : undefined;
    }, timeoutMs);
  } catch (err) {
    await handle.stop('SIGKILL');
    throw new Error(`${(err as Error).message}\n${lines.join('\n')}`, { cause: err });
  }
  return handle;
}

export const HA_WEBHOOK_SECRET = 'ha-webhook-secret-0123456789';
export const HA_ADMIN_TOKEN = 'ha-admin-token-0123456789abcdef';
export const HA_WINDOW_NAME = 'Bascule HA';

export interface HaConfigOptions {
  readonly databaseUrl: string;
  readonly alertmanagerUrls: readonly string[];
  readonly webhookUrl: string;
  /** Silence after which a server is offline (`liveness.offlineAfter`), e.g. `2s`. */
  readonly offlineAfter: string;
  readonly sweepInterval: string;
  /** `notifications.grouping.delaySeconds` (0: one webhook per notice, sent at once). */
  readonly groupingDelaySeconds?: number;
  /** Extra keys of `notifications` (e.g. a dispatcher lease, once it is a configuration key). */
  readonly notificationsExtra?: Readonly<Record<string, unknown>>;
}

/**
 * The configuration every collector of the set shares (the port and the instance come from the environment):
 * PostgreSQL, a maintenance window around today (so every outage is notified at once, `critical`), no reminders,
 * no flapping damping in the way, Alertmanager and the signed webhook.
 */
export function writeHaCollectorConfig(dir: string, o: HaConfigOptions): string {
  const today = DateTime.now().setZone('Europe/Paris');
  const config = {
    databaseUrl: o.databaseUrl,
    adminToken: HA_ADMIN_TOKEN,
    liveness: {
      offlineAfter: o.offlineAfter,
      sweepInterval: o.sweepInterval,
      reminderEvery: '0',
      maxDownNoticesPerHour: 1000,
      windows: [`${HA_WINDOW_NAME}: ${today.minus({ days: 1 }).toISODate()} → ${today.plus({ days: 1 }).toISODate()}`],
    },
    notifications: {
      alertmanager: { urls: [...o.alertmanagerUrls], timeout: '3s' },
      webhook: { url: o.webhookUrl, secret: HA_WEBHOOK_SECRET, timeout: '3s' },
      grouping: { delaySeconds: o.groupingDelaySeconds ?? 0 },
      ...o.notificationsExtra,
    },
    ingestRateLimit: { max: 100_000, windowSeconds: 60 },
  };
  const file = join(dir, 'collector.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/** One collector of the set: a fixed port, started, killed and restarted at will. */
export interface HaCollector {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** The running process, if any. */
  readonly process: HaProcess | undefined;
  /** Wall-clock ms of the last start (spawn). */
  readonly startedAtMs: number;
  /** How many times it was started. */
  readonly starts: number;
  start(): Promise<HaProcess>;
  /** `kill -9`; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (clean stop). */
  stop(): Promise<void>;
}

export async function haCollector(
  name: string,
  configFile: string,
  opts: { readonly env?: Readonly<Record<string, string>>; readonly startTimeoutMs?: number } = {},
): Promise<HaCollector> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `vigie-ha-${name}-`));
  let proc: HaProcess | undefined;
  let startedAtMs = 0;
  let starts = 0;
  const handle: HaCollector = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    get process() {
      return proc;
    },
    get startedAtMs() {
      return startedAtMs;
    },
    get starts() {
      return starts;
    },
    async start() {
      if (proc !== undefined) throw new Error(`collector ${name} is already running`);
      startedAtMs = Date.now();
      starts += 1;
      // VIGIE_COLLECTOR_INSTANCE_ID: the instance name, for when the collector reads one (ignored otherwise).
      const env = { VIGIE_COLLECTOR_DATABASE: join(dir, 'unused.db'), VIGIE_COLLECTOR_INSTANCE_ID: `${name}-${starts}`, ...opts.env };
      proc = await launchCollector(configFile, port, env, opts.startTimeoutMs ?? 60_000);
      return proc;
    },
    async kill() {
      const p = proc;
      proc = undefined;
      await p?.stop('SIGKILL');
    },
    async stop() {
      const p = proc;
      proc = undefined;
      await p?.stop('SIGTERM');
    },
  };
  return handle;
}

/** `n` valid school codes (correct check letters) from `first` on. */
export function haUais(n: number, first = 860_101): string[] {
  return Array.from({ length: n }, (_, i) => {
    const digits = String(first + i).padStart(7, '0');
    const uai = `${digits}${uaiCheckLetter(digits)}`;
    if (!checkUai(uai).ok) throw new Error(`bad UAI ${uai}`);
    return uai;
  });
}

export interface ProvisionedServer {
  readonly uai: string;
  readonly machine: string;
  readonly name: string;
  readonly token: string;
}

/**
 * Migrates the database (the collectors' own migrations) and enrols the servers in it, as `vigie-collector
 * servers add` would, returning their tokens. Done once, before the collectors start.
 */
export async function provisionServers(databaseUrl: string, specs: readonly { uai: string; machine: string }[]): Promise<ProvisionedServer[]> {
  const store = await openPgStore(databaseUrl, { max: 4 });
  try {
    const out: ProvisionedServer[] = [];
    const now = new Date();
    for (const s of specs) {
      const name = `Collège ${s.uai}`;
      const { token } = await enrolServer(store, { uai: s.uai, machine: s.machine, name, academie: 'ac-poitiers' }, now);
      out.push({ uai: s.uai, machine: s.machine, name, token });
    }
    return out;
  } finally {
    await store.close();
  }
}
