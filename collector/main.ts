import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../shared/clock.ts';
import { buildApp } from './app.ts';
import { createAppDeps } from './composition.ts';
import type { CollectorConfig } from './config.ts';
import { toGroupingSettings } from './config/grouping-config.ts';
import { createNotifiers } from './notifiers/notifiers-config.ts';
import { housekeepOnce } from './services/housekeeping.ts';
import { startLivenessLoop } from './services/liveness-loop.ts';
import { openDatabase } from './storage/database.ts';
import { createStore, type Store } from './storage/store.ts';
import { readTlsMaterial, reloadTlsOnSighup } from './tls/tls-files.ts';
import type { Server as HttpsServer } from 'node:https';

export interface RunningCollector {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly url: string;
  close(): Promise<void>;
}

const HOUSEKEEPING_EVERY_MS = 3_600_000;

/** Composition root: config → database (migrated) → store → app deps (`createAppDeps`) → app → listen. */
export async function startCollector(config: CollectorConfig, clock: Clock = systemClock): Promise<RunningCollector> {
  const https = config.tls === undefined ? undefined : readTlsMaterial(config.tls);
  const db = openDatabase(config.databasePath);
  const store = createStore(db);
  const deps = createAppDeps(config, { clock, store, logger: { level: config.logLevel, redact: ['req.headers.authorization'] }, https });
  const notifiers = createNotifiers(config.notifications, { clock, reminderEveryMs: deps.liveness.alerts.reminderEveryMs });
  const app = buildApp(deps);
  const address = await app.listen({ host: config.listen.host, port: config.listen.port });
  app.log.info({ address, database: config.databasePath }, 'collector listening');
  const stopTlsReload = config.tls === undefined ? () => {} : reloadTlsOnSighup(app.server as unknown as HttpsServer, config.tls, (level, msg, fields) => app.log[level](fields, msg));
  const loop = startLivenessLoop({
    store,
    clock,
    settings: deps.liveness,
    notifiers,
    publicUrl: config.publicUrl,
    grouping: toGroupingSettings(config.notifications.grouping, (uai) => {
      const school = store.schools.get(uai);
      return school === undefined ? undefined : { name: school.name, ...(school.commune === null ? {} : { commune: school.commune }), departement: school.departement };
    }),
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
      stopTlsReload();
      await Promise.all([app.close(), loop.stop()]);
      db.close();
    },
  };
}
