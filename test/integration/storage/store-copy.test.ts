// `vigie-collector store copy`: a SQLite store with rows in every table copied into a real PostgreSQL.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreCommand } from '../../../collector/commands/store-copy.ts';
import { copyOrder, copyStore, openSqliteSource } from '../../../collector/storage/copy-store.ts';
import { openDatabase } from '../../../collector/storage/database.ts';
import { openPgStore } from '../../../collector/storage/open-store.ts';
import { migratePg } from '../../../collector/storage/pg-database.ts';
import { createPgSql } from '../../../collector/storage/pg-sql.ts';
import type { SqlDb } from '../../../collector/storage/sql.ts';
import { createSqliteSql } from '../../../collector/storage/sqlite-sql.ts';
import { createStore, type Store } from '../../../collector/storage/store.ts';
import type { AppError } from '../../../shared/errors.ts';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.ts';
import { has } from '../../helpers/requirements.ts';
import { SEED_T0, seedEveryTable } from '../../helpers/store-seed.ts';

const NOW = new Date(SEED_T0 + 5 * 24 * 3_600_000);
const clock = { now: () => NOW };
const MIGRATIONS = join(dirname(new URL(import.meta.url).pathname), '../../../collector/storage/migrations');

/** Every row of every table, as sorted JSON lines with sorted keys (bytes as hex), the same on both engines. */
async function dump(sql: SqlDb, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const rows = (await sql.prepare(`SELECT * FROM "${t}"`).all()) as Record<string, unknown>[];
    out[t] = rows.map((r) => JSON.stringify(Object.fromEntries(Object.keys(r).sort().map((k) => [k, Buffer.isBuffer(r[k]) ? (r[k] as Buffer).toString('hex') : r[k]])))).sort();
  }
  return out;
}

/** Everything a collector reads, through the repositories. */
async function reads(store: Store, serverIds: readonly number[]): Promise<unknown> {
  const perServer = [];
  for (const id of serverIds) {
    perServer.push({
      outages: await store.liveness.outagesOf(id), liveness: await store.liveness.get(id), ups: await store.ups.episodesOf(id),
      latest: await store.reports.getLatest(id), baseline: await store.reports.findBaseline(id, '2025-07-01'), days: await store.reports.listSnapshotDays(id),
    });
  }
  return {
    perServer, servers: await store.servers.list(), notices: await store.outbox.allNotices(), batches: await store.batches.all(),
    silences: await store.silences.listCurrent(SEED_T0), schools: await store.schools.list(), keys: await store.enrolmentKeys.list(),
    admins: await store.adminTokens.list(), audit: await store.audit.list(0, 100), instances: await store.instances.list(),
    aggregates: await store.reports.listLatestAggregates(), pendingCount: await store.outbox.pendingCount(),
  };
}

describe.skipIf(!has('postgres'))('store copy from SQLite to PostgreSQL', () => {
  let pg: PostgresServer;
  let dir: string;
  let sourceFile: string;
  let tables: string[];
  let serverIds: readonly number[];
  let databases = 0;

  const newDatabase = () => pg.createDatabase(`copy_${++databases}`);
  const run = (args: string[], lines: string[] = []) => runStoreCommand(['copy', ...args], { io: { out: (l) => lines.push(l) }, clock });
  const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected a failure'), (err: unknown) => err as AppError);
  const withPg = async <T>(url: string, fn: (sql: SqlDb) => Promise<T>): Promise<T> => {
    const sql = createPgSql({ connectionString: url, max: 1 });
    try {
      return await fn(sql);
    } finally {
      await sql.close();
    }
  };

  beforeAll(async () => {
    pg = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), 'vigie-store-copy-'));
    sourceFile = join(dir, 'collector.sqlite');
    const db = openDatabase(sourceFile);
    ({ servers: serverIds } = await seedEveryTable(createStore(db)));
    tables = copyOrder(db);
    db.close();
  });
  afterAll(async () => {
    await pg?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table of the SQLite schema, parents first (a new table needs seed rows in test/helpers/store-seed.ts)', () => {
    const db = openDatabase(sourceFile);
    try {
      for (const t of tables) expect((db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n, t).toBeGreaterThan(0);
      for (const t of tables) {
        for (const { parent } of db.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?)').all(t) as { parent: string }[]) {
          expect(tables.indexOf(parent), `${parent} before ${t}`).toBeLessThan(tables.indexOf(t));
        }
      }
      expect(tables).not.toContain('schema_migrations');
      expect(tables).toHaveLength(18);
    } finally {
      db.close();
    }
  });

  it('copies every row with its id, checks counts and reports on both sides, and resets the identity sequences', async () => {
    const url = await newDatabase();
    const lines: string[] = [];
    expect(await run([`--from=sqlite:${sourceFile}`, '--to', url], lines)).toBe(0);
    expect(lines[0]).toBe(`Source: sqlite:${sourceFile}`);
    for (const t of tables) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${t}\\t([0-9]+)\\t\\1\\tok$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^availability report \(all schools, 2025-06-30 to 2025-07-05\): identical/));
    expect(lines).toContainEqual(expect.stringMatching(/^quota report \(all schools, growth since 2025-07-01\): identical/));
    expect(lines.at(-1)).toMatch(/^Copied [0-9]+ rows in 18 tables; committed\.$/);

    const source = createStore(openDatabase(sourceFile));
    const target = await openPgStore(url);
    try {
      const sqliteSql = createSqliteSql(openDatabase(sourceFile));
      await withPg(url, async (sql) => expect(await dump(sql, tables)).toEqual(await dump(sqliteSql, tables)));
      await sqliteSql.close();
      expect(await reads(target, serverIds)).toEqual(await reads(source, serverIds));

      const maxServer = Math.max(...serverIds);
      const fresh = await target.servers.add({ uai: '0860044X', machine: 'scribe', name: 'Nouveau', tokenHash: 'fresh', enrolledAtMs: NOW.getTime() });
      expect(fresh).toBe(maxServer + 1);
      expect((await target.liveness.get(fresh))?.state).toBe('unknown'); // the liveness trigger is back on
      expect(await target.silences.add({ uai: '0860044X', machine: null, startsAtMs: 0, endsAtMs: 1, reason: 'r', createdBy: 'x', createdAtMs: 0 })).toBe(2);
      expect(await target.audit.record({ atMs: 0, actor: 'a', action: 'b' })).toBe(3);
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('refuses a non-empty target without --force and leaves it untouched, then replaces it with --force', async () => {
    const url = await newDatabase();
    const target = await openPgStore(url);
    await target.servers.add({ uai: '0860055Y', machine: 'scribe', name: 'Déjà là', tokenHash: 'already', enrolledAtMs: 1 });
    await target.instances.recordSweep('collector-b', 1, 2);
    await target.close();
    const before = await withPg(url, (sql) => dump(sql, tables));

    const err = await failure(run(['--from', sourceFile, '--to', url]));
    expect(err.code).toBe('ERR_STORE_TARGET_NOT_EMPTY');
    expect(err.message).toContain('servers (1 rows), liveness (1 rows)');
    expect(err.message).toContain('collector_instances (1 rows)');
    expect(err.message).toContain('--force');
    expect(await withPg(url, (sql) => dump(sql, tables))).toEqual(before);

    const lines: string[] = [];
    expect(await run(['--from', sourceFile, '--to', url, '--force'], lines)).toBe(0);
    expect(lines.at(-1)).toContain('the previous contents of the target were replaced');
    const sqliteSql = createSqliteSql(openDatabase(sourceFile));
    try {
      expect(await withPg(url, (sql) => dump(sql, tables))).toEqual(await dump(sqliteSql, tables));
    } finally {
      await sqliteSql.close();
    }
  });

  it('rolls the whole copy back when a check differs', async () => {
    const url = await newDatabase();
    const source = openSqliteSource(sourceFile);
    const sql = createPgSql({ connectionString: url, max: 2 });
    try {
      await migratePg(sql);
      const result = await copyStore(source.db, sql, { batchRows: 2, verify: async () => [{ name: 'always different', equal: false, detail: 'test' }] });
      expect(result.committed).toBe(false);
      expect(result.tables.every((t) => t.source === t.target && t.source > 0)).toBe(true);
      for (const t of tables) expect(((await sql.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get()) as { n: number }).n, t).toBe(0);
    } finally {
      source.db.close();
      await sql.close();
    }
  });

  it('brings an older SQLite file up to date before copying it', async () => {
    const older = join(dir, 'older.sqlite');
    const partial = mkdtempSync(join(dir, 'migrations-'));
    const files = readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort();
    for (const f of files.slice(0, 3)) writeFileSync(join(partial, f), readFileSync(join(MIGRATIONS, f)));
    const db = openDatabase(older, partial);
    db.close();
    const lines: string[] = [];
    expect(await run(['--from', older, '--to', await newDatabase()], lines)).toBe(0);
    expect(lines[0]).toBe(`Source: sqlite:${older} (brought up to date: ${files.slice(3).join(', ')})`);
    const again = openSqliteSource(older);
    expect(again.applied).toEqual([]);
    again.db.close();
  });

  it('names the flag and what was expected when --from or --to is wrong', async () => {
    const url = await newDatabase();
    const cases: [string[], string, RegExp][] = [
      [['--to', url], 'ERR_USAGE', /--from is missing, expected sqlite:<file>/],
      [['--from', sourceFile], 'ERR_USAGE', /--to is missing, expected postgres:\/\//],
      [['--from', 'postgres://vigie@db/vigie', '--to', url], 'ERR_USAGE', /--from is invalid, expected sqlite:<file> or the path of a SQLite file/],
      [['--from', sourceFile, '--to', 'mysql://root:secret@db/vigie'], 'ERR_USAGE', /--to is invalid, expected a postgres:\/\/ or postgresql:\/\/ URL .*'mysql:\/\/root:\*\*\*@db\/vigie'/],
      [['--from', sourceFile, '--to', url, '--dry-run'], 'ERR_USAGE', /Unknown option '--dry-run'/],
      [['--from', join(dir, 'missing.sqlite'), '--to', url], 'ERR_STORE_SOURCE_INVALID', /--from: .*missing\.sqlite does not exist/],
      [['--from', join(dir, 'notes.txt'), '--to', url], 'ERR_STORE_SOURCE_INVALID', /--from: .*notes\.txt cannot be (opened|read) as/],
      [['--from', sourceFile, '--to', `postgresql://vigie:hunter2@127.0.0.1:${pg.port + 1}/x`], 'ERR_STORE_TARGET_UNREACHABLE', /--to: cannot use postgresql:\/\/vigie:\*\*\*@127\.0\.0\.1/],
    ];
    writeFileSync(join(dir, 'notes.txt'), 'this is not a database, just some text that is long enough to fill a header page\n'.repeat(20));
    for (const [args, code, message] of cases) {
      const err = await failure(run(args));
      expect([err.code, err.message], args.join(' ')).toEqual([code, expect.stringMatching(message)]);
      expect(err.message).not.toContain('hunter2');
    }
    expect((await failure(runStoreCommand(['move'], { io: { out: () => undefined } }))).message).toContain("unknown subcommand 'move'");
    // No failure got as far as the target: not even its migrations ran.
    await withPg(url, async (sql) => expect(((await sql.prepare("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'servers'").get()) as { n: number }).n).toBe(0));
  });
});
