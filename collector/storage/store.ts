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

/** Every repository over one database. Each concern adds its repository here. */
export function createStore(db: Db) {
  return {
    db,
    servers: createServersRepo(db),
    liveness: createLivenessRepo(db),
    outbox: createOutboxRepo(db),
    batches: createBatchRepo(db),
    silences: createSilencesRepo(db),
    reports: createReportsRepo(db),
    availability: createAvailabilityRepo(db),
    ...createEnrolmentRepos(db),
    ups: createUpsRepo(db),
    /** Runs `fn` in one transaction (all or nothing). */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
  };
}
export type Store = ReturnType<typeof createStore>;
