// Fires the scan with a cron (agent/schedule/local-cron.ts) in an explicit time zone, then waits this host's stable offset so a fleet of
// servers spreads its scans and pushes; a tick that comes while a scan still runs is skipped (runner rule).
import { createHash } from 'node:crypto';
import type { ScanOutcome } from './scan-runner.ts';

/** The part of node-cron used here (injected, so tests drive ticks by hand). */
export interface CronLike {
  validate(expression: string): boolean;
  schedule(expression: string, fn: () => Promise<void>, options: { timezone: string; name?: string }): { stop(): void | Promise<void> };
}

export interface SchedulerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ScanSchedulerDeps {
  cron: CronLike;
  runner: { runOnce(): Promise<ScanOutcome>; abort(): void };
  expression: string;
  timezone: string;
  /** Delay after each tick (see {@link hostOffsetMs}). */
  offsetMs: number;
  /** Waits `ms` or until the signal aborts (resolves either way). Default: a real timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  logger?: SchedulerLogger;
}

export interface ScanScheduler {
  start(): void;
  /** Stops future ticks, cancels a pending offset wait and aborts a running scan. */
  stop(): Promise<void>;
  stats(): { ticks: number; skipped: number };
}

/** A stable offset in [0, maxSeconds) from the host key (e.g. `0860021F/scribe`): same host, same offset. */
export function hostOffsetMs(hostKey: string, maxSeconds: number): number {
  if (maxSeconds <= 0) return 0;
  const n = createHash('sha256').update(hostKey).digest().readUInt32BE(0);
  return Math.floor((n / 2 ** 32) * maxSeconds * 1000);
}

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

export function createScanScheduler(deps: ScanSchedulerDeps): ScanScheduler {
  if (!deps.cron.validate(deps.expression)) throw new Error(`scan.cron is invalid, expected a node-cron expression (actual: '${deps.expression}')`);
  const sleep = deps.sleep ?? realSleep;
  const stopping = new AbortController();
  let task: { stop(): void | Promise<void> } | undefined;
  let ticks = 0;
  let skipped = 0;

  async function onTick(): Promise<void> {
    ticks += 1;
    await sleep(deps.offsetMs, stopping.signal);
    if (stopping.signal.aborted) return;
    try {
      const outcome = await deps.runner.runOnce();
      if (outcome.status === 'skipped') {
        skipped += 1;
        deps.logger?.warn({ reason: outcome.reason }, 'scan skipped: the previous one is still running');
      } else {
        deps.logger?.info({ probes: outcome.report.probes, partial: outcome.report.spaces?.partial }, 'scan finished');
      }
    } catch (err) {
      deps.logger?.error({ err }, 'scan failed');
    }
  }

  return {
    start() {
      if (task !== undefined) return;
      task = deps.cron.schedule(deps.expression, onTick, { timezone: deps.timezone, name: 'vigie-scan' });
      deps.logger?.info({ cron: deps.expression, timezone: deps.timezone, offsetMs: deps.offsetMs }, 'scan scheduled');
    },
    async stop() {
      stopping.abort();
      deps.runner.abort();
      await task?.stop();
      task = undefined;
    },
    stats: () => ({ ticks, skipped }),
  };
}
