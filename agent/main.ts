import { hostname, setPriority } from 'node:os';
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { createAgent } from './agent.ts';
import type { AgentConfig } from './config.ts';
import { createDelivery, type Delivery } from './delivery/create-delivery.ts';
import { AGENT_VERSION, buildHeartbeat } from './heartbeat/build-heartbeat.ts';
import { readIdentity } from './identity/read-identity.ts';
import type { AgentIdentity } from './identity/resolve-identity.ts';
import { createScan, type Scan } from './schedule/create-scan.ts';
import { resolveScanConfig } from './schedule/scan-config.ts';
import { catchUpDelayMs, scheduleCatchUp } from './state/catch-up.ts';
import { createStateFile, type StateFile } from './state/state-file.ts';
import type { FlushResult } from './spool/spool.ts';
import type { Report } from '../shared/protocol/index.ts';
import type { CommandRunner } from './system/command-runner.ts';
import { createSystemInfo } from './system/system-info.ts';
import { createUpsProbe, type UpsProbe } from './probes/ups/ups-probe.ts';

/** The agent's logger: JSON lines on stderr, token fields redacted. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: ['token', '*.token', 'authorization'] }, pino.destination(2));
}

export async function identityOf(config: AgentConfig): Promise<AgentIdentity> {
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
  return createUpsProbe({ config: config.ups, commands: lazyCommandRunner(), clock, logger: logger.child({ component: 'ups' }) });
}

/**
 * The command runner, imported when a probe first runs a command (a scan, upsc): node:child_process (with dgram
 * and the rest it loads) would otherwise cost the idle daemon ≈ 1 MB of resident memory (docs/BENCHMARKS.md,
 * Footprint).
 */
function lazyCommandRunner(): CommandRunner {
  let loaded: Promise<CommandRunner> | undefined;
  const runner = () => (loaded ??= import('./system/command-runner.ts').then((m) => m.createCommandRunner()));
  return {
    run: async (binary, args, options) => (await runner()).run(binary, args, options),
    stream: async (binary, args, options) => (await runner()).stream(binary, args, options),
  };
}

export function scanOf(config: AgentConfig, identity: AgentIdentity, clock: Clock, logger: Logger, deliver: Parameters<typeof createScan>[0]['deliver']): Scan {
  return createScan({
    config: resolveScanConfig(config.scan),
    rootDir: config.rootDir,
    server: identity.server,
    agentVersion: AGENT_VERSION,
    clock,
    commands: lazyCommandRunner(),
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
 * Composition root of the daemon: identity → system → delivery (sender + disk spool) → heartbeat loop, plus the
 * nightly scan (and a catch-up scan after a long stop) whose reports go through the spool.
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
    { server: identity.server, uaiSource: identity.uaiSource, machineSource: identity.machineSource, eole: identity.eole, collectors: config.collectorUrls },
    'identity resolved',
  );
  // --- delivery and state (spool, proxy, CA, catch-up) ---
  const delivery = await createDelivery({ config, token: config.token, eoleProxy: identity.eoleProxy, env: process.env, logger });
  const state = createStateFile(config.stateDir, logger);
  const scan = scanOf(config, identity, clock, logger, (report) => spoolReport(delivery.spool, state, report, logger));
  const agent = createAgent({
    identity,
    system: createSystemInfo({ rootDir: config.rootDir }),
    ups: upsProbeOf(config, clock, logger),
    sender: delivery.sender,
    spool: delivery.spool,
    clock,
    logger,
    heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
    heartbeatJitterRatio: config.heartbeatJitterRatio,
  });
  await agent.start();
  let catchUp: { cancel(): void } | undefined;
  if (config.scan.enabled) {
    scan.scheduler.start();
    const { lastSuccessfulScanAt } = await state.load();
    const delayMs = catchUpDelayMs({ lastSuccessfulScanAt, now: clock.now(), maxDelaySeconds: config.scan.catchUpDelaySeconds, random: Math.random() });
    if (delayMs !== undefined) logger.info({ lastSuccessfulScanAt: lastSuccessfulScanAt ?? null, delayMs }, 'last scan older than 24 h: catch-up scan scheduled');
    catchUp = scheduleCatchUp({
      delayMs,
      run: async () => {
        const outcome = await scan.runner.runOnce().catch((err: unknown) => logger.error({ err }, 'catch-up scan failed'));
        if (outcome?.status === 'skipped') logger.info('catch-up scan skipped: a scan is already running');
      },
    });
  }
  return {
    async stop(opts) {
      catchUp?.cancel();
      await scan.scheduler.stop(); // cancels a waiting offset, aborts a running walk, stops cron
      await agent.stop(opts);
      await delivery.close().catch(() => undefined);
    },
  };
}

/** A scan's report: spooled (durably), the scan recorded as successful, then sent with whatever is pending. */
export async function spoolReport(spool: Delivery['spool'], state: StateFile, report: Report, logger: Logger): Promise<FlushResult> {
  await spool.put('report', report);
  await state.save({ lastSuccessfulScanAt: report.finishedAt }).catch((err: unknown) => logger.error({ err }, 'could not record the scan in state.json'));
  const flushed = await spool.flush();
  if (flushed === 'blocked') logger.warn({ messageId: report.messageId }, 'report not delivered, kept for a later try');
  return flushed;
}
