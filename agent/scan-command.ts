// `vigie-agent scan`: runs the quota and spaces scan now and sends the report through the spool (so a report
// the collector cannot take now is sent later by the daemon, which shares the spool).
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { AgentConfig } from './config.ts';
import { createDelivery } from './delivery/create-delivery.ts';
import { identityOf, scanOf, spoolReport } from './main.ts';
import { createStateFile } from './state/state-file.ts';

export interface ScanCommandResult {
  readonly messageId: string;
  /** `empty`: the collector took everything; `blocked`: the report waits in the spool. */
  readonly flush: 'empty' | 'blocked';
}

export async function scanAndSend(config: AgentConfig, logger: Logger, env: Readonly<Record<string, string | undefined>>, clock: Clock = systemClock): Promise<ScanCommandResult> {
  if (config.token === undefined) {
    throw new AppError('ERR_CONFIG_INVALID', 'agent configuration: token is required, set token, tokenFile or VIGIE_TOKEN');
  }
  const identity = await identityOf(config);
  const delivery = await createDelivery({ config, token: config.token, eoleProxy: identity.eoleProxy, env, logger });
  try {
    const state = createStateFile(config.stateDir, logger);
    let flush: ScanCommandResult['flush'] = 'blocked';
    const scan = scanOf(config, identity, clock, logger, async (report) => {
      flush = await spoolReport(delivery.spool, state, report, logger);
    });
    const outcome = await scan.runner.runOnce();
    if (outcome.status !== 'done') throw new AppError('ERR_SCAN_SKIPPED', 'a scan is already running');
    return { messageId: outcome.report.messageId, flush };
  } finally {
    await delivery.close().catch(() => undefined);
  }
}
