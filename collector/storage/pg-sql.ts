import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { toPgPlaceholders } from './pg-placeholders.ts';
import type { SqlDb, SqlParams, SqlStatement, SqlValue } from './sql.ts';

/** SQLSTATEs after which a whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/**
 * BIGINT (20) and NUMERIC (1700: SUM of BIGINT) arrive as JavaScript numbers, like SQLite's integers.
 * Instants in ms and counters stay far below 2^53, so no precision is lost.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PgSqlOptions {
  readonly connectionString: string;
  /** Connections in this collector's pool. */
  readonly max?: number;
  /** Logs an idle connection's error (the pool replaces it). */
  readonly onError?: (err: Error) => void;
}

interface Tx {
  readonly client: pg.PoolClient;
}

/** The PostgreSQL driver of the storage port (node-postgres pool; transactions carried by AsyncLocalStorage). */
export function createPgSql(opts: PgSqlOptions): SqlDb & { readonly pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 20,
    types,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  pool.on('error', (err) => opts.onError?.(err));
  const inside = new AsyncLocalStorage<Tx>();
  let statements = 0;
  let savepoints = 0;

  function queryable(): pg.Pool | pg.PoolClient {
    return inside.getStore()?.client ?? pool;
  }

  const cache = new Map<string, SqlStatement>();
  function prepare(sql: string): SqlStatement {
    const cached = cache.get(sql);
    if (cached !== undefined) return cached;
    const q = toPgPlaceholders(sql);
    const name = `vigie_${++statements}`;
    const values = (p: SqlParams): SqlValue[] => {
      if (q.names === null) return (p as readonly SqlValue[]).map(normalise);
      const bag = (p[0] ?? {}) as Readonly<Record<string, SqlValue | undefined>>;
      return q.names.map((n) => normalise(bag[n] ?? null));
    };
    const exec = (p: SqlParams) => queryable().query({ name, text: q.text, values: values(p) });
    const statement: SqlStatement = {
      async run(...p) {
        return { changes: (await exec(p)).rowCount ?? 0 };
      },
      async get(...p) {
        return (await exec(p)).rows[0];
      },
      async all(...p) {
        return (await exec(p)).rows;
      },
    };
    cache.set(sql, statement);
    return statement;
  }

  async function nested<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
    const sp = `sp${++savepoints}`;
    await tx.client.query(`SAVEPOINT ${sp}`);
    try {
      const result = await fn();
      await tx.client.query(`RELEASE SAVEPOINT ${sp}`);
      return result;
    } catch (err) {
      await tx.client.query(`ROLLBACK TO SAVEPOINT ${sp}`);
      throw err;
    }
  }

  return {
    dialect: 'postgres',
    pool,
    prepare,
    inTransaction: () => inside.getStore() !== undefined,
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const current = inside.getStore();
      if (current !== undefined) return nested(current, fn);
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          const result = await inside.run({ client }, fn);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
          const code = (err as { code?: string }).code;
          if (code !== undefined && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
          throw err;
        } finally {
          client.release(broken);
        }
      }
    },
    async exec(sql: string) {
      await queryable().query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}

/** better-sqlite3 binds a bigint as INTEGER; node-postgres wants text for it. */
function normalise(v: SqlValue): SqlValue {
  return typeof v === 'bigint' ? v.toString() : v;
}
