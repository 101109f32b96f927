import { hostname, setPriority } from 'node:os';
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { createAgent } from './agent.ts';
import type { AgentConfig } from './config.ts';
import { createReportOutbox } from './delivery/report-outbox.ts';
import { createUndiciSender } from './delivery/sender.ts';
import { AGENT_VERSION, buildHeartbeat } from './heartbeat/build-heartbeat.ts';
import { readIdentity } from './identity/read-identity.ts';
import type { AgentIdentity } from './identity/resolve-identity.ts';
import { createScan, type Scan } from './schedule/create-scan.ts';
import { resolveScanConfig } from './schedule/scan-config.ts';
import { createCommandRunner } from './system/command-runner.ts';
import { createSystemInfo } from './system/system-info.ts';
import { createUpsProbe, type UpsProbe } from './probes/ups/ups-probe.ts';

/** The agent's logger: JSON lines on stderr, token fields redacted. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: ['token', '*.token', 'authorization'] }, pino.destination(2));
}

async function identityOf(config: AgentConfig): Promise<AgentIdentity> {
  return readIdentity({ rootDir: config.rootDir, configured: { uai: config.uai, machine: config.machine }, hostname: hostname() });
}

/** `vigie-agent once --print`: the heartbeat JSON this server would send, without any network. */
export async function printOnce(config: AgentConfig, clock: Clock = systemClock): Promise<string> {
  const identity = await identityOf(config);
  const [reading, ups] = await Promise.all([
    createSystemInfo({ rootDir: config.rootDir }).read(),
    upsProbeOf(config, clock, createLogger('silent')).read(),
  ]);
  const hb = buildHeartbeat({ identity, reading, now: clock.now(), intervalSeconds: config.heartbeatIntervalSeconds, ups });
  return JSON.stringify(hb, null, 2);
}

function upsProbeOf(config: AgentConfig, clock: Clock, logger: Logger): UpsProbe {
  return createUpsProbe({ config: config.ups, commands: createCommandRunner(), clock, logger: logger.child({ component: 'ups' }) });
}

function scanOf(config: AgentConfig, identity: AgentIdentity, clock: Clock, logger: Logger, deliver: Parameters<typeof createScan>[0]['deliver']): Scan {
  return createScan({
    config: resolveScanConfig(config.scan),
    rootDir: config.rootDir,
    server: identity.server,
    agentVersion: AGENT_VERSION,
    clock,
    commands: createCommandRunner(),
    deliver,
    logger: logger.child({ component: 'scan' }),
  });
}

/** `vigie-agent once --print --scan`: runs the quota and spaces scan now and prints the report, without network. */
export async function printScanOnce(config: AgentConfig, logger: Logger, clock: Clock = systemClock): Promise<string> {
  const identity = await identityOf(config);
  const scan = scanOf(config, identity, clock, logger, async () => undefined);
  const outcome = await scan.runner.runOnce();
  if (outcome.status !== 'done') throw new AppError('ERR_SCAN_SKIPPED', 'a scan is already running');
  return JSON.stringify(outcome.report, null, 2);
}

/** The running daemon. */
export interface RunningAgent {
  stop(opts?: { announce?: string }): Promise<void>;
}

/**
 * Composition root of the daemon: identity → system → sender → heartbeat loop, plus the nightly scan whose
 * reports go through an outbox retried whenever a heartbeat gets through.
 */
export async function runAgent(config: AgentConfig, logger: Logger, clock: Clock = systemClock): Promise<RunningAgent> {
  if (config.token === undefined) {
    throw new AppError('ERR_CONFIG_INVALID', 'agent configuration: token is required, set token, tokenFile or VIGIE_TOKEN');
  }
  try {
    // Never disturb the school: the agent yields the CPU to everything else.
    setPriority(config.niceness);
  } catch (err) {
    logger.debug({ err }, 'could not lower the process priority');
  }
  const identity = await identityOf(config);
  logger.info(
    { server: identity.server, uaiSource: identity.uaiSource, machineSource: identity.machineSource, eole: identity.eole, collector: config.collectorUrl },
    'identity resolved',
  );
  const sender = createUndiciSender({ collectorUrl: config.collectorUrl, token: config.token, timeoutMs: config.requestTimeoutMs });
  const reports = createReportOutbox({ sender, logger });
  const scan = scanOf(config, identity, clock, logger, (report) => reports.deliver(report));
  const agent = createAgent({
    identity,
    system: createSystemInfo({ rootDir: config.rootDir }),
    ups: upsProbeOf(config, clock, logger),
    sender,
    clock,
    logger,
    heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
    heartbeatJitterRatio: config.heartbeatJitterRatio,
    onCollectorReachable: () => reports.retryPending(),
  });
  await agent.start();
  if (config.scan.enabled) scan.scheduler.start();
  return {
    async stop(opts) {
      await scan.scheduler.stop(); // cancels a waiting offset, aborts a running walk, stops cron
      await agent.stop(opts);
    },
  };
}
