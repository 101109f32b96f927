/**
 * The storage port below the repositories: prepared statements that answer asynchronously, and transactions.
 * Two drivers implement it (sqlite-sql.ts over better-sqlite3, pg-sql.ts over node-postgres), so every
 * repository is written once, in SQL both engines accept, and runs on both (one contract suite checks it).
 *
 * Statements take better-sqlite3's parameter styles: positional `?`, or one object for named `@name`.
 * Inside `transaction(fn)`, every statement of every repository joins the transaction: the transaction is
 * carried by AsyncLocalStorage (like OpenTelemetry's context), so services keep calling `store.<repo>` and no
 * connection handle is threaded through them.
 */
export type SqlValue = string | number | bigint | Buffer | null;
/** Positional values, or one object whose keys name the `@name` parameters (other keys are ignored). */
export type SqlParams = readonly SqlValue[] | readonly [object];

export interface SqlStatement {
  run(...params: SqlParams): Promise<{ readonly changes: number }>;
  get(...params: SqlParams): Promise<unknown>;
  all(...params: SqlParams): Promise<unknown[]>;
}

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlDb {
  readonly dialect: SqlDialect;
  /** Prepares (and caches) a statement. Cheap to call at repository creation. */
  prepare(sql: string): SqlStatement;
  /**
   * Runs `fn` in one transaction: all its statements commit together or none does. Nested calls become
   * savepoints. On PostgreSQL a deadlock or serialization failure re-runs `fn` (so `fn` must only write to
   * the database).
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** True when the caller runs inside `transaction`. */
  inTransaction(): boolean;
  /** Runs a script of several statements (migrations, copy). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `FOR UPDATE OF <alias> SKIP LOCKED` on PostgreSQL, where several collectors claim rows at once (each takes
 * rows the others have not locked); nothing on SQLite, where one writer at a time holds the whole database.
 */
export function skipLocked(db: SqlDb, alias: string): string {
  return db.dialect === 'postgres' ? `FOR UPDATE OF ${alias} SKIP LOCKED` : '';
}

/** A sub-select of the strings of a JSON array parameter (`["a","b"]`), in each engine's JSON functions. */
export function jsonTextArray(db: SqlDb, param: string): string {
  return db.dialect === 'postgres' ? `SELECT json_array_elements_text(CAST(${param} AS json))` : `SELECT value FROM json_each(${param})`;
}
