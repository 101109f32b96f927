import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../shared/clock.ts';
import { buildApp } from './app.ts';
import type { CollectorConfig } from './config.ts';
import { createMetrics } from './metrics/index.ts';
import { openDatabase } from './storage/database.ts';
import { createStore, type Store } from './storage/store.ts';

export interface RunningCollector {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly url: string;
  close(): Promise<void>;
}

/** Composition root: config → database (migrated) → store → metrics → app → listen. */
export async function startCollector(config: CollectorConfig, clock: Clock = systemClock): Promise<RunningCollector> {
  const db = openDatabase(config.databasePath);
  const store = createStore(db);
  const metrics = createMetrics({ store, clock, quotaTopUsersPerServer: config.reports.topUsersPerServer });
  const app = buildApp({
    config,
    clock,
    store,
    metrics,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization'],
    },
  });
  const address = await app.listen({ host: config.listen.host, port: config.listen.port });
  app.log.info({ address, database: config.databasePath }, 'collector listening');
  let closed = false;
  return {
    app,
    store,
    url: address,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      db.close();
    },
  };
}
