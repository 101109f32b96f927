import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './database.ts';
import type { SqlDb, SqlParams, SqlStatement } from './sql.ts';

/**
 * The SQLite driver of the storage port. better-sqlite3 answers synchronously over one connection, so a
 * transaction that awaits between its statements would let any other async caller's statement slip into it
 * (and be rolled back with it). Statements outside the open transaction therefore wait until it ends; those
 * inside it (seen through AsyncLocalStorage) run at once.
 */
export function createSqliteSql(db: Db): SqlDb {
  const inside = new AsyncLocalStorage<number>();
  let open: Promise<void> | null = null;
  let savepoints = 0;

  // Every wait is `while (!ready()) await open;` written inline, with the statement (or BEGIN) in the same
  // synchronous step after it: an `await` in between (a helper function's return) would let a transaction that
  // woke up first begin there, and the statement run inside it.
  function ready(): boolean {
    return open === null || inside.getStore() !== undefined;
  }

  const cache = new Map<string, SqlStatement>();
  function prepare(sql: string): SqlStatement {
    const cached = cache.get(sql);
    if (cached !== undefined) return cached;
    const stmt = db.prepare(sql);
    const args = (p: SqlParams): unknown[] => p as unknown[];
    const statement: SqlStatement = {
      async run(...p) {
        while (!ready()) await open;
        return { changes: stmt.run(...args(p)).changes };
      },
      async get(...p) {
        while (!ready()) await open;
        return stmt.get(...args(p));
      },
      async all(...p) {
        while (!ready()) await open;
        return stmt.all(...args(p));
      },
    };
    cache.set(sql, statement);
    return statement;
  }

  return {
    dialect: 'sqlite',
    prepare,
    inTransaction: () => inside.getStore() !== undefined,
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const depth = inside.getStore();
      if (depth !== undefined) {
        const name = `sp${++savepoints}`;
        db.exec(`SAVEPOINT ${name}`);
        try {
          const result = await inside.run(depth + 1, fn);
          db.exec(`RELEASE ${name}`);
          return result;
        } catch (err) {
          db.exec(`ROLLBACK TO ${name}`);
          db.exec(`RELEASE ${name}`);
          throw err;
        }
      }
      while (open !== null) await open;
      let release!: () => void;
      open = new Promise<void>((resolve) => (release = resolve));
      try {
        db.exec('BEGIN IMMEDIATE');
        const result = await inside.run(1, fn);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      } finally {
        open = null;
        release();
      }
    },
    async exec(sql: string) {
      while (!ready()) await open;
      db.exec(sql);
    },
    async close() {
      while (!ready()) await open;
      db.close();
    },
  };
}
