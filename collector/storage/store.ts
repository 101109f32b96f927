import type { Db } from './database.ts';
import { createAvailabilityRepo } from './availability-repo.ts';
import { createBatchRepo } from './batch-repo.ts';
import { createReportsRepo } from './reports-repo.ts';
import { createServersRepo } from './servers-repo.ts';
import { createLivenessRepo } from './liveness-repo.ts';
import { createOutboxRepo } from './outbox-repo.ts';
import { createSilencesRepo } from './silences-repo.ts';
import { createEnrolmentRepos } from './enrolment-repos.ts';
import { createUpsRepo } from './ups-repo.ts';
import { createInstancesRepo } from './instances-repo.ts';
import { createSqliteSql } from './sqlite-sql.ts';
import type { SqlDb, SqlDialect } from './sql.ts';

/** Every repository over one database, SQLite or PostgreSQL. Each concern adds its repository here. */
export function createStoreOver(sql: SqlDb) {
  const ping = sql.prepare('SELECT 1 AS one');
  return {
    dialect: sql.dialect as SqlDialect,
    servers: createServersRepo(sql),
    liveness: createLivenessRepo(sql),
    outbox: createOutboxRepo(sql),
    batches: createBatchRepo(sql),
    silences: createSilencesRepo(sql),
    reports: createReportsRepo(sql),
    availability: createAvailabilityRepo(sql),
    ...createEnrolmentRepos(sql),
    ups: createUpsRepo(sql),
    instances: createInstancesRepo(sql),
    /** Runs `fn` in one transaction (all or nothing); inside, `store.<repo>` calls join it. */
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      return sql.transaction(fn);
    },
    /** Answers when the database does (the health route). */
    async ping(): Promise<void> {
      await ping.get();
    },
    close(): Promise<void> {
      return sql.close();
    },
  };
}
export type Store = ReturnType<typeof createStoreOver>;

/** The SQLite store over an open better-sqlite3 handle (`openDatabase`). */
export function createStore(db: Db): Store {
  return createStoreOver(createSqliteSql(db));
}
