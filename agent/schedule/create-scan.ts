// Wires the nightly scan from the `scan` config: real probes (repquota, getent, walker), the runner and the
// cron scheduler. agent/main.ts calls this once; tests call the pieces with fakes.
// Only the scheduler is loaded with the daemon: the runner and the probes (and what they import) are a separate
// chunk of the bundle, imported when the first scan starts, so that the idle daemon does not hold them.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock.ts';
import type { ServerIdentity } from '../../shared/protocol/common.ts';
import type { Report } from '../../shared/protocol/report.ts';
import type { CommandRunner } from '../system/command-runner.ts';
import type { ReportLogger } from './build-report.ts';
import { createLocalCron } from './local-cron.ts';
import type { ScanConfig } from './scan-config.ts';
import type { ScanOutcome, ScanRunner } from './scan-runner.ts';
import { createScanScheduler, hostOffsetMs, type ScanScheduler, type SchedulerLogger } from './scan-scheduler.ts';

export interface CreateScanDeps {
  config: ScanConfig;
  /** The agent's rootDir ('/' in production): /home and /proc/mounts are read under it. */
  rootDir: string;
  server: ServerIdentity;
  agentVersion: string;
  clock: Clock;
  commands: Pick<CommandRunner, 'run'>;
  /** Sends the report, e.g. `(r) => sender.send('report', r)`. */
  deliver: (report: Report) => Promise<unknown>;
  logger?: ReportLogger & SchedulerLogger;
}

export interface Scan {
  runner: ScanRunner;
  scheduler: ScanScheduler;
}

/** The runner with the real probes: imported on first use (see the top of this file). */
async function loadRunner(deps: CreateScanDeps): Promise<ScanRunner> {
  const [{ createScanRunner }, { createProfileProbe }, { createQuotaProbe }, { createSpacesProbe }] = await Promise.all([
    import('./scan-runner.ts'),
    import('../probes/profiles/profile-probe.ts'),
    import('../probes/quota/quota-probe.ts'),
    import('../probes/spaces/spaces-probe.ts'),
  ]);
  const { config } = deps;
  return createScanRunner({
    server: deps.server,
    agentVersion: deps.agentVersion,
    clock: deps.clock,
    newId: randomUUID,
    budgetMs: config.budgetSeconds * 1000,
    probes: [
      createProfileProbe({ runner: deps.commands, config: config.profiles }),
      createQuotaProbe({
        runner: deps.commands,
        clock: deps.clock,
        config: config.quota,
        readMountTable: () => readFile(join(deps.rootDir, 'proc/mounts'), 'utf8'),
      }),
      createSpacesProbe({ config: { ...config.spaces, rootDir: deps.rootDir } }),
    ],
    deliver: deps.deliver,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}

/** A runner that loads the real one when a scan first runs; an abort asked for while it loads still applies. */
function lazyRunner(load: () => Promise<ScanRunner>): ScanRunner {
  let loaded: ScanRunner | undefined;
  let loading: Promise<ScanRunner> | undefined;
  let abortWhileLoading = false;
  return {
    async runOnce(): Promise<ScanOutcome> {
      loading ??= load().then(
        (r) => (loaded = r),
        (err: unknown) => {
          loading = undefined; // a later scan tries again
          throw err;
        },
      );
      const runner = await loading;
      const outcome = runner.runOnce(); // marks the runner busy synchronously, so abort() below reaches it
      if (abortWhileLoading) {
        abortWhileLoading = false;
        runner.abort();
      }
      return outcome;
    },
    isRunning: () => loaded?.isRunning() ?? loading !== undefined,
    abort() {
      if (loaded) loaded.abort();
      else if (loading) abortWhileLoading = true;
    },
    stats: () => loaded?.stats() ?? { runs: 0, skipped: 0 },
  };
}

export function createScan(deps: CreateScanDeps): Scan {
  const { config } = deps;
  const runner = lazyRunner(() => loadRunner(deps));
  const scheduler = createScanScheduler({
    // Not node-cron: its Intl-based time zone handling costs ≈ 9 MB of resident memory (see local-cron.ts).
    cron: createLocalCron(deps.clock),
    runner,
    expression: config.cron,
    timezone: config.timezone,
    offsetMs: hostOffsetMs(`${deps.server.uai}/${deps.server.machine}`, config.maxOffsetSeconds),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  return { runner, scheduler };
}
