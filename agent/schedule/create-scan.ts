// Wires the nightly scan from the `scan` config: real probes (repquota, getent, walker), the runner and the
// node-cron scheduler. agent/main.ts calls this once; tests call the pieces with fakes.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodeCron from 'node-cron';
import type { Clock } from '../../shared/clock.ts';
import type { ServerIdentity } from '../../shared/protocol/common.ts';
import type { Report } from '../../shared/protocol/report.ts';
import { createProfileProbe } from '../probes/profiles/profile-probe.ts';
import { createQuotaProbe } from '../probes/quota/quota-probe.ts';
import { createSpacesProbe } from '../probes/spaces/spaces-probe.ts';
import type { CommandRunner } from '../system/command-runner.ts';
import type { ReportLogger } from './build-report.ts';
import type { ScanConfig } from './scan-config.ts';
import { createScanRunner, type ScanRunner } from './scan-runner.ts';
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

export function createScan(deps: CreateScanDeps): Scan {
  const { config } = deps;
  const runner = createScanRunner({
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
  const scheduler = createScanScheduler({
    cron: nodeCron,
    runner,
    expression: config.cron,
    timezone: config.timezone,
    offsetMs: hostOffsetMs(`${deps.server.uai}/${deps.server.machine}`, config.maxOffsetSeconds),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  return { runner, scheduler };
}
