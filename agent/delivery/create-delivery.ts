// Wires how the agent reaches the collector: routes (connection pools, CA file, proxy from config / environment /
// config.eol), the sender over the collector URLs, and the disk spool under `<stateDir>/spool`.
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config.ts';
import { createSpoolDir } from '../spool/spool-dir.ts';
import { createSpool, type Spool } from '../spool/spool.ts';
import { createRoutes } from './routes.ts';
import { createHttpSender, type Sender } from './sender.ts';

export interface Delivery {
  readonly sender: Sender;
  /** Opened: what a previous run left is loaded. */
  readonly spool: Spool;
  close(): Promise<void>;
}

export async function createDelivery(args: {
  config: AgentConfig;
  token: string;
  /** The EOLE proxy from config.eol, if enabled. */
  eoleProxy: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}): Promise<Delivery> {
  const { config, logger } = args;
  const routes = await createRoutes({ urls: config.collectorUrls, ca: config.ca, proxies: { configured: config.proxy, env: args.env, eole: args.eoleProxy } });
  for (const url of config.collectorUrls) {
    const { proxy } = routes.routeFor(url);
    logger.info({ collector: url, proxy: proxy?.uri ?? null, proxySource: proxy?.source ?? null, caFile: config.caFile ?? null }, 'collector route');
  }
  const sender = createHttpSender({
    collectorUrls: config.collectorUrls,
    token: args.token,
    timeoutMs: config.requestTimeoutMs,
    routeFor: (url) => routes.routeFor(url),
    caFile: config.caFile,
    onSwitch: (from, to) => logger.warn({ from, to }, 'collector unreachable, now sending to the next collector URL'),
  });
  const spool = createSpool({ dir: createSpoolDir(join(config.stateDir, 'spool')), sender, bounds: config.spool, logger });
  await spool.open();
  return { sender, spool, close: () => routes.close() };
}
