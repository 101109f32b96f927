import { openDatabase } from './database.ts';
import { migratePg } from './pg-database.ts';
import { createPgSql } from './pg-sql.ts';
import { createStore, createStoreOver, type Store } from './store.ts';

export interface StoreLocation {
  /** The SQLite file (the embedded default). */
  readonly databasePath: string;
  /** A `postgres://` URL; when set, PostgreSQL is used and `databasePath` is ignored. */
  readonly databaseUrl?: string | undefined;
  /** Connections to PostgreSQL in this collector's pool. */
  readonly poolSize?: number | undefined;
  readonly onError?: ((err: Error) => void) | undefined;
}

/** Opens the configured store and brings its schema up to date. */
export async function openStore(where: StoreLocation): Promise<Store> {
  if (where.databaseUrl === undefined || where.databaseUrl === '') return createStore(openDatabase(where.databasePath));
  return openPgStore(where.databaseUrl, { max: where.poolSize, onError: where.onError });
}

/** Opens a PostgreSQL store at `url` and applies its migrations. */
export async function openPgStore(url: string, opts: { max?: number | undefined; onError?: ((err: Error) => void) | undefined } = {}): Promise<Store> {
  const sql = createPgSql({ connectionString: url, ...(opts.max !== undefined && { max: opts.max }), ...(opts.onError && { onError: opts.onError }) });
  try {
    await migratePg(sql);
  } catch (err) {
    await sql.close();
    throw err;
  }
  return createStoreOver(sql);
}
