import type { Db } from './database.ts';
import { createServersRepo } from './servers-repo.ts';

/** Every repository over one database. Each concern adds its repository here. */
export function createStore(db: Db) {
  return {
    db,
    servers: createServersRepo(db),
    /** Runs `fn` in one transaction (all or nothing). */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
  };
}
export type Store = ReturnType<typeof createStore>;
