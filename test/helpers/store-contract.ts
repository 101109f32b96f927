// The store contract: one body of tests run against both stores (SQLite and PostgreSQL), with the same
// expectations for both. Each contract file calls `forEachStore((name, open) => …)`: it defines one
// `describe('<name> store')` per engine; `open()` gives a store over an empty, migrated database (SQLite: a new
// one in memory; PostgreSQL: the test file's database on its own server, emptied), closed after the test.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { openDatabase } from '../../collector/storage/database.ts';
import { openPgStore } from '../../collector/storage/open-store.ts';
import { createStore, type Store } from '../../collector/storage/store.ts';
import type { NewNotice } from '../../collector/storage/outbox-repo.ts';
import type { LivenessRow } from '../../collector/storage/liveness-repo.ts';
import type { LivenessRecord } from '../../collector/domain/liveness-state.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';
import { has } from './requirements.ts';

export type StoreName = 'sqlite' | 'postgres';
export type OpenStore = () => Promise<Store>;

/** Runs `body` once per engine, inside `describe('<name> store')`; PostgreSQL is skipped (locally) without its binaries. */
export function forEachStore(body: (name: StoreName, open: OpenStore) => void): void {
  describe('sqlite store', () => {
    const opened: Store[] = [];
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });
    body('sqlite', async () => {
      const store = createStore(openDatabase(':memory:'));
      opened.push(store);
      return store;
    });
  });

  describe.skipIf(!has('postgres'))('postgres store', () => {
    const pg = postgresPerFile();
    body('postgres', async () => pg.open(await pg.freshDatabase()));
  });
}

/**
 * One PostgreSQL server for the calling test file (started in `beforeAll`, stopped in `afterAll`) with one
 * migrated database. `freshDatabase()` empties it (every table) and returns its URL, so each test starts from an
 * empty database (CREATE DATABASE costs half a second, emptying a few ms);
 * stores opened over it are closed after each test. Call inside a `describe`.
 */
export function postgresPerFile(): { freshDatabase(): Promise<string>; open(url: string): Promise<Store> } {
  let server: PostgresServer | undefined;
  let admin: pg.Client | undefined;
  let url = '';
  let tables: string[] = [];
  const opened: Store[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    // A French ICU collation, like a database created on a server whose locale is fr_FR: text must still sort
    // and compare byte-wise, as in SQLite (migrations-pg/001-initial.sql declares every TEXT column COLLATE "C").
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE contract LOCALE_PROVIDER icu ICU_LOCALE 'fr-FR' LOCALE 'C' TEMPLATE template0`);
    await admin.end();
    url = server.url.replace(/\/postgres$/, '/contract');
    await (await openPgStore(url)).close();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const rows = await admin.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'");
    tables = rows.rows.map((r) => `"${r.t}"`);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });
  return {
    async freshDatabase() {
      if (admin === undefined) throw new Error('PostgreSQL server not started');
      // Foreign-key triggers off for this session: every table emptied in any order (identities go on counting).
      await admin.query(`SET session_replication_role = replica; ${tables.map((t) => `DELETE FROM ${t};`).join(' ')} SET session_replication_role = DEFAULT`);
      return url;
    },
    async open(at: string) {
      const store = await openPgStore(at);
      opened.push(store);
      return store;
    },
  };
}

// ——— Fixtures shared by the contract files ———

export const T0 = Date.UTC(2025, 6, 10, 8, 0, 0);
export const MINUTE = 60_000;

let servers = 0;

/** Enrols a server (unique identity and token unless given); returns its id. */
export async function addServer(store: Store, over: { uai?: string; machine?: string; name?: string; academie?: string; enrolledAtMs?: number } = {}): Promise<number> {
  const n = ++servers;
  return store.servers.add({
    uai: over.uai ?? '0860021F',
    machine: over.machine ?? `scribe-${n}`,
    name: over.name ?? 'Collège Jean Moulin',
    ...(over.academie !== undefined && { academie: over.academie }),
    tokenHash: `hash-${n}-${Math.random()}`,
    enrolledAtMs: over.enrolledAtMs ?? T0,
  });
}

/** Opens an outage for a server; returns its id. */
export async function openOutage(store: Store, serverId: number, startedAtMs = T0, notBeforeMs = startedAtMs + 5 * MINUTE): Promise<number> {
  const id = await store.liveness.applyOutageOp(serverId, { op: 'open', startedAtMs, cause: 'network', provisional: true }, startedAtMs + MINUTE, notBeforeMs);
  if (id === null) throw new Error('no outage opened');
  return id;
}

/** A down notice of an outage (override any field). */
export function aNotice(serverId: number, outageId: number | null, over: Partial<NewNotice> = {}): NewNotice {
  return {
    serverId, outageId, kind: 'down', seq: 0, severity: 'critical', state: 'offline', cause: 'network',
    windowName: null, windowEndMs: null, windowTimeZone: null, createdAtMs: T0, ...over,
  };
}

/** Queues a notice and fans it out to `channels` at `atMs`; returns the notice id. */
export async function queueNotice(store: Store, notice: NewNotice, channels: readonly string[], atMs = notice.createdAtMs): Promise<number> {
  const id = await store.outbox.addNotice(notice);
  if (id === null) throw new Error('duplicate notice');
  await store.outbox.fanOut(id, channels, atMs);
  return id;
}

/** The record `prev` moved online, seen at `atMs` with a 60 s interval. */
export function onlineAt(prev: LivenessRow, atMs: number): LivenessRecord {
  return {
    serverId: prev.serverId, uai: prev.uai, state: 'online', stateSinceMs: atMs, lastSeenMs: atMs, intervalSeconds: 60,
    bootTimeMs: atMs - 3_600_000, lateAtMs: atMs + 2 * MINUTE, offlineAtMs: atMs + 5 * MINUTE,
  };
}
