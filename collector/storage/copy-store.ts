/**
 * Copies a SQLite store into a PostgreSQL one (`vigie-collector store copy`, moving to PostgreSQL for HA).
 *
 * The tables come from the SQLite schema itself (sqlite_master), parents before children (its foreign keys),
 * so a table added by a later migration is copied without touching this file. Rows keep their ids. The whole
 * copy is one PostgreSQL transaction that also holds the checks: a failure or a difference rolls everything
 * back, leaving the target as it was. The source is read in one read transaction, so a collector still writing
 * to it cannot make the copy see half of a change.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.ts';
import { migrate, type Db } from './database.ts';
import type { SqlDb, SqlValue } from './sql.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Each engine keeps its own record of the migrations it applied. */
const NOT_COPIED = new Set(['schema_migrations']);
/** Rows per multi-row INSERT (fewer when a table is so wide that PostgreSQL's 65 535 parameters would overflow). */
export const COPY_BATCH_ROWS = 500;
const MAX_PARAMETERS = 65_535;

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface SqliteSource {
  readonly db: Db;
  /** The migrations this opening applied to the file (empty when its schema was current). */
  readonly applied: readonly string[];
}

/**
 * Opens the SQLite store to copy and applies its pending migrations: the PostgreSQL schema is that of the
 * latest SQLite migration, so an older file is brought up to it exactly as the collector itself would on start.
 * A missing file, a file that is not SQLite, or one that is not a Vigie store is `ERR_STORE_SOURCE_INVALID`.
 */
export function openSqliteSource(path: string, migrationsDir: string = MIGRATIONS_DIR): SqliteSource {
  const invalid = (why: string, cause?: unknown) => new AppError('ERR_STORE_SOURCE_INVALID', `--from: ${path} ${why}`, { cause });
  if (!existsSync(path)) throw invalid('does not exist (expected the SQLite file of a collector, databasePath)');
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw invalid(`cannot be opened as SQLite: ${(err as Error).message}`, err);
  }
  try {
    const marker = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (marker === undefined) throw invalid('is not a Vigie store (it has no schema_migrations table)');
    const known = new Set(readdirSync(migrationsDir));
    const unknown = (db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).filter((r) => !known.has(r.name));
    if (unknown.length > 0) throw invalid(`was written by a newer collector (migrations unknown here: ${unknown.map((r) => r.name).join(', ')})`);
    const applied = migrate(db, migrationsDir);
    db.pragma('foreign_keys = ON');
    return { db, applied };
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    throw invalid(`cannot be read as a Vigie store: ${(err as Error).message}`, err);
  }
}

/** The tables to copy, every table after the ones its foreign keys point to (then by name). */
export function copyOrder(db: Db): string[] {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !NOT_COPIED.has(n));
  const parents = new Map(names.map((n) => [n, new Set((db.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?)').all(n) as { parent: string }[]).map((r) => r.parent).filter((p) => p !== n))]));
  const order: string[] = [];
  while (order.length < names.length) {
    const next = names.find((n) => !order.includes(n) && [...parents.get(n)!].every((p) => order.includes(p) || !parents.has(p)));
    if (next === undefined) throw new Error(`copyOrder: the foreign keys of ${names.filter((n) => !order.includes(n)).join(', ')} form a cycle`);
    order.push(next);
  }
  return order;
}

function columnsOf(db: Db, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string }[]).map((r) => r.name);
}

export interface TableCount {
  readonly table: string;
  readonly source: number;
  readonly target: number;
}

/** A comparison made after the copy (a report computed on both sides). */
export interface CopyCheck {
  readonly name: string;
  readonly equal: boolean;
  readonly detail: string;
}

export interface CopyResult {
  readonly tables: readonly TableCount[];
  readonly checks: readonly CopyCheck[];
  /** False when a count or a check differed: the copy was rolled back. */
  readonly committed: boolean;
  /** The target held rows that `force` truncated. */
  readonly replaced: boolean;
}

export interface CopyOptions {
  /** Replace the rows of a non-empty target (else `ERR_STORE_TARGET_NOT_EMPTY`). */
  readonly force?: boolean;
  readonly batchRows?: number;
  /** Called before each table is copied. */
  readonly onTable?: (table: string, rows: number) => void;
  /** Further checks, run inside the copy's transaction once the rows are in; any unequal one rolls it back. */
  readonly verify?: () => Promise<readonly CopyCheck[]>;
}

class Rollback extends Error {}

/** Copies every table of `source` into `target` (PostgreSQL, migrated) in one transaction; see the file comment. */
export async function copyStore(source: Db, target: SqlDb, opts: CopyOptions = {}): Promise<CopyResult> {
  if (target.dialect !== 'postgres') throw new Error('copyStore: the target must be PostgreSQL');
  const tables = copyOrder(source);
  const columns = new Map(tables.map((t) => [t, columnsOf(source, t)]));
  let outcome: CopyResult | undefined;
  source.exec('BEGIN');
  try {
    return await target.transaction(async () => {
      await checkTargetSchema(target, columns);
      // ALTER TABLE locks each table against every other session until the end of the copy; the user triggers
      // (servers_liveness adds a liveness row per new server) are off, since the copy of liveness brings them.
      for (const t of tables) await target.exec(`ALTER TABLE ${quote(t)} DISABLE TRIGGER USER`);
      const before = await countRows(target, tables);
      const occupied = tables.filter((t) => before.get(t)! > 0);
      if (occupied.length > 0 && opts.force !== true) {
        const list = occupied.map((t) => `${t} (${before.get(t)} rows)`).join(', ');
        throw new AppError('ERR_STORE_TARGET_NOT_EMPTY', `--to: the target database is not empty: ${list}; nothing was copied (add --force to replace its contents)`, {
          details: { tables: Object.fromEntries(occupied.map((t) => [t, before.get(t)])) },
        });
      }
      if (occupied.length > 0) await target.exec(`TRUNCATE ${tables.map(quote).join(', ')} RESTART IDENTITY CASCADE`);
      const sourceCounts = new Map(tables.map((t) => [t, (source.prepare(`SELECT COUNT(*) AS n FROM ${quote(t)}`).get() as { n: number }).n]));
      for (const t of tables) {
        opts.onTable?.(t, sourceCounts.get(t)!);
        await copyTable(source, target, t, columns.get(t)!, opts.batchRows ?? COPY_BATCH_ROWS);
      }
      await resetIdentities(target, tables);
      for (const t of tables) await target.exec(`ALTER TABLE ${quote(t)} ENABLE TRIGGER USER`);
      const after = await countRows(target, tables);
      const counts = tables.map((t) => ({ table: t, source: sourceCounts.get(t)!, target: after.get(t)! }));
      const checks = counts.every((c) => c.source === c.target) && opts.verify !== undefined ? await opts.verify() : [];
      outcome = { tables: counts, checks, committed: true, replaced: occupied.length > 0 };
      if (counts.some((c) => c.source !== c.target) || checks.some((c) => !c.equal)) throw new Rollback();
      return outcome;
    });
  } catch (err) {
    if (err instanceof Rollback && outcome !== undefined) return { ...outcome, committed: false };
    throw err;
  } finally {
    if (source.inTransaction) source.exec('COMMIT');
  }
}

async function checkTargetSchema(target: SqlDb, columns: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const rows = (await target.prepare('SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()').all()) as { t: string; c: string }[];
  for (const [table, cols] of columns) {
    const there = new Set(rows.filter((r) => r.t === table).map((r) => r.c));
    const missing = there.size === 0 ? ['the table itself'] : cols.filter((c) => !there.has(c));
    const extra = [...there].filter((c) => !cols.includes(c));
    if (missing.length > 0 || extra.length > 0) {
      throw new AppError('ERR_STORE_COPY_MISMATCH', `the PostgreSQL schema differs from the SQLite one for table ${table} (missing in PostgreSQL: ${missing.join(', ') || 'none'}; only in PostgreSQL: ${extra.join(', ') || 'none'}); nothing was copied`);
    }
  }
}

async function countRows(db: SqlDb, tables: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of tables) counts.set(t, Number(((await db.prepare(`SELECT COUNT(*) AS n FROM ${quote(t)}`).get()) as { n: number | string }).n));
  return counts;
}

async function copyTable(source: Db, target: SqlDb, table: string, columns: readonly string[], batchRows: number): Promise<void> {
  const perInsert = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / columns.length)));
  const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const insert = async (rows: SqlValue[][]): Promise<void> => {
    await target.prepare(head + rows.map(() => tuple).join(', ')).run(...rows.flat());
  };
  // safeIntegers: integers arrive as bigint and are written exactly, whatever their size.
  const read = source.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY rowid`).raw(true).safeIntegers(true);
  let batch: SqlValue[][] = [];
  for (const row of read.iterate() as Iterable<SqlValue[]>) {
    batch.push(row);
    if (batch.length === perInsert) {
      await insert(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await insert(batch);
}

/** Moves every identity sequence past the copied ids, so the next row a collector adds gets a fresh id. */
async function resetIdentities(target: SqlDb, tables: readonly string[]): Promise<void> {
  const identities = (await target.prepare(
    "SELECT table_name AS t FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
  ).all()) as { t: string }[];
  for (const { t } of identities.filter((r) => tables.includes(r.t))) {
    await target.prepare(`SELECT setval(pg_get_serial_sequence('${quote(t).replaceAll("'", "''")}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM ${quote(t)}`).get();
  }
}
