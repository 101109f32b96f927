import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../shared/clock.ts';
import { buildApp } from './app.ts';
import { createAppDeps } from './composition.ts';
import type { CollectorConfig } from './config.ts';
import { toGroupingSettings } from './config/grouping-config.ts';
import { createNotifiers } from './notifiers/notifiers-config.ts';
import { housekeepOnce } from './services/housekeeping.ts';
import { startLivenessLoop } from './services/liveness-loop.ts';
import { openStore } from './storage/open-store.ts';
import type { Store } from './storage/store.ts';
import { readTlsMaterial, reloadTlsOnSighup } from './tls/tls-files.ts';
import type { Server as HttpsServer } from 'node:https';

export interface RunningCollector {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly url: string;
  close(): Promise<void>;
}

const HOUSEKEEPING_EVERY_MS = 3_600_000;

/** Where the data is, for the log: the SQLite file, or the PostgreSQL URL without its password. */
function databaseForLog(config: CollectorConfig): string {
  if (config.databaseUrl === undefined) return config.databasePath;
  try {
    const url = new URL(config.databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Composition root: config → database (migrated) → store → app deps (`createAppDeps`) → app → listen. */
export async function startCollector(config: CollectorConfig, clock: Clock = systemClock): Promise<RunningCollector> {
  const https = config.tls === undefined ? undefined : readTlsMaterial(config.tls);
  // An idle PostgreSQL connection that fails is reported by the pool: logged once the app (its logger) exists.
  let logPoolError: (err: Error) => void = () => {};
  const store = await openStore({ databasePath: config.databasePath, databaseUrl: config.databaseUrl, onError: (err) => logPoolError(err) });
  const deps = createAppDeps(config, { clock, store, logger: { level: config.logLevel, redact: ['req.headers.authorization'] }, https });
  const notifiers = createNotifiers(config.notifications, { clock, reminderEveryMs: deps.liveness.alerts.reminderEveryMs });
  const app = buildApp(deps);
  logPoolError = (err) => app.log.error({ err }, 'database connection error');
  const address = await app.listen({ host: config.listen.host, port: config.listen.port });
  app.log.info({ address, database: databaseForLog(config) }, 'collector listening');
  const stopTlsReload = config.tls === undefined ? () => {} : reloadTlsOnSighup(app.server as unknown as HttpsServer, config.tls, (level, msg, fields) => app.log[level](fields, msg));
  const loop = await startLivenessLoop({
    store,
    clock,
    settings: deps.liveness,
    notifiers,
    publicUrl: config.publicUrl,
    grouping: toGroupingSettings(config.notifications.grouping, async (uai) => {
      const school = await store.schools.get(uai);
      return school === undefined ? undefined : { name: school.name, ...(school.commune === null ? {} : { commune: school.commune }), departement: school.departement };
    }),
    log: (level, msg, fields) => app.log[level](fields, msg),
    instanceId: config.instanceId ?? `${hostname()}-${process.pid}`,
    leaseMs: (config.notifications.leaseSeconds ?? 60) * 1000,
  });
  // One pass at a time: a pass still running when the next is due makes that one skip.
  let housekeepingRun: Promise<void> | null = null;
  const housekeeping = setInterval(() => {
    if (housekeepingRun !== null) return;
    housekeepingRun = housekeepOnce(store, clock.now(), config.reports)
      .then(
        () => {},
        (err: unknown) => app.log.error({ err }, 'housekeeping failed'),
      )
      .finally(() => {
        housekeepingRun = null;
      });
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
      await Promise.all([app.close(), loop.stop(), housekeepingRun]);
      await store.close();
    },
  };
}
