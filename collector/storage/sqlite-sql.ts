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

  async function turn(): Promise<void> {
    while (open !== null && inside.getStore() === undefined) await open;
  }
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
        if (!ready()) await turn();
        return { changes: stmt.run(...args(p)).changes };
      },
      async get(...p) {
        if (!ready()) await turn();
        return stmt.get(...args(p));
      },
      async all(...p) {
        if (!ready()) await turn();
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
      await turn();
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
      if (!ready()) await turn();
      db.exec(sql);
    },
    async close() {
      await turn();
      db.close();
    },
  };
}
