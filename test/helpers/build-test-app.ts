import type { FastifyInstance } from 'fastify';
import { FakeClock } from '../../shared/testing/fake-clock.ts';
import { buildApp } from '../../collector/app.ts';
import { createAppDeps } from '../../collector/composition.ts';
import { loadCollectorConfig, type CollectorConfig } from '../../collector/config.ts';
import { enrolServer } from '../../collector/enrolment.ts';

import { openDatabase, type Db } from '../../collector/storage/database.ts';
import { createStore, type Store } from '../../collector/storage/store.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** The raw better-sqlite3 handle under the store (for SQL the store does not offer). */
  readonly db: Db;
  readonly clock: FakeClock;
  readonly config: CollectorConfig;
  /** Enrols a server and returns its bearer token. */
  enrol(uai: string, machine: string, name?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The collector app on an in-memory SQLite database and a FakeClock, wired by `createAppDeps` like production;
 * close it in afterEach.
 */
export async function buildTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadCollectorConfig({ env: { VIGIE_COLLECTOR_DATABASE: ':memory:', VIGIE_COLLECTOR_ADMIN_TOKEN: ADMIN_TOKEN, ...env } });
  const clock = new FakeClock('2025-07-10T08:00:00Z');
  const db = openDatabase(':memory:');
  const store = createStore(db);
  const app = buildApp(createAppDeps(config, { clock, store }));
  await app.ready();
  return {
    app,
    store,
    db,
    clock,
    config,
    enrol: async (uai, machine, name = `Collège ${uai}`) => (await enrolServer(store, { uai, machine, name }, clock.now())).token,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
