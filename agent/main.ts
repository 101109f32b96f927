import { hostname, setPriority } from 'node:os';
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { createAgent, type Agent } from './agent.ts';
import type { AgentConfig } from './config.ts';
import { createUndiciSender } from './delivery/sender.ts';
import { buildHeartbeat } from './heartbeat/build-heartbeat.ts';
import { readIdentity } from './identity/read-identity.ts';
import type { AgentIdentity } from './identity/resolve-identity.ts';
import { createSystemInfo } from './system/system-info.ts';

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
  const reading = await createSystemInfo({ rootDir: config.rootDir }).read();
  const hb = buildHeartbeat({ identity, reading, now: clock.now(), intervalSeconds: config.heartbeatIntervalSeconds });
  return JSON.stringify(hb, null, 2);
}

/** Composition root of the daemon: identity → system → sender → agent loop; returns the running agent. */
export async function runAgent(config: AgentConfig, logger: Logger, clock: Clock = systemClock): Promise<Agent> {
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
  const agent = createAgent({
    identity,
    system: createSystemInfo({ rootDir: config.rootDir }),
    sender: createUndiciSender({ collectorUrl: config.collectorUrl, token: config.token, timeoutMs: config.requestTimeoutMs }),
    clock,
    logger,
    heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
    heartbeatJitterRatio: config.heartbeatJitterRatio,
  });
  await agent.start();
  return agent;
}
