import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { SqlDb } from './sql.ts';

const PG_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations-pg');
/** Any constant shared by every collector: the advisory lock that makes one of them migrate at a time. */
const MIGRATION_LOCK = 0x76_69_67_69;

/**
 * Applies every `NNN-*.sql` of the PostgreSQL migrations not yet recorded, each in its own transaction. Several
 * collectors may start at once on one database: a session advisory lock lets one migrate while the others wait,
 * then find nothing left to do.
 */
export async function migratePg(sql: SqlDb & { readonly pool: pg.Pool }, dir: string = PG_MIGRATIONS_DIR): Promise<string[]> {
  const client = await sql.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const applied = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const files = readdirSync(dir).filter((f) => /^[0-9]{3}-[a-z0-9-]+\.sql$/.test(f)).sort();
    const done: string[] = [];
    for (const file of files) {
      if (applied.has(file)) continue;
      await client.query('BEGIN');
      try {
        await client.query(readFileSync(join(dir, file), 'utf8'));
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`PostgreSQL migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
      done.push(file);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
