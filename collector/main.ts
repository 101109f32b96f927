import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../shared/clock.ts';
import { buildApp } from './app.ts';
import type { CollectorConfig } from './config.ts';
import { toGroupingSettings } from './config/grouping-config.ts';
import { toLivenessSettings } from './config/liveness-config.ts';
import { createMetrics } from './metrics/index.ts';
import { createNotifiers } from './notifiers/notifiers-config.ts';
import { housekeepOnce } from './services/housekeeping.ts';
import { startLivenessLoop } from './services/liveness-loop.ts';
import { openDatabase } from './storage/database.ts';
import { createStore, type Store } from './storage/store.ts';

export interface RunningCollector {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly url: string;
  close(): Promise<void>;
}

const HOUSEKEEPING_EVERY_MS = 3_600_000;

/** Composition root: config → database (migrated) → store → metrics → app → listen. */
export async function startCollector(config: CollectorConfig, clock: Clock = systemClock): Promise<RunningCollector> {
  const db = openDatabase(config.databasePath);
  const store = createStore(db);
  const liveness = toLivenessSettings(config.liveness);
  const notifiers = createNotifiers(config.notifications, { clock, reminderEveryMs: liveness.alerts.reminderEveryMs });
  const metrics = createMetrics({ store, clock, quotaTopUsersPerServer: config.reports.topUsersPerServer, livenessWindows: liveness.windows });
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
  const loop = startLivenessLoop({
    store,
    clock,
    settings: liveness,
    notifiers,
    publicUrl: config.publicUrl,
    grouping: toGroupingSettings(config.notifications.grouping),
    log: (level, msg, fields) => app.log[level](fields, msg),
  });
  const housekeeping = setInterval(() => {
    try {
      housekeepOnce(store, clock.now(), config.reports);
    } catch (err) {
      app.log.error({ err }, 'housekeeping failed');
    }
  }, HOUSEKEEPING_EVERY_MS);
  housekeeping.unref();
  let closed = false;
  return {
    app,
    store,
    url: address,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(housekeeping);
      await Promise.all([app.close(), loop.stop()]);
      db.close();
    },
  };
}
