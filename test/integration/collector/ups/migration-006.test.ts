/**
 * Migration 005 rebuilds `notices` (UPS notices have no outage): a database migrated up to 004 with notices and
 * deliveries keeps them, foreign keys included, and foreign keys are on again afterwards.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../../../collector/storage/database.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../../../collector/storage/migrations');
const dirs: string[] = [];
let db: Db | undefined;
afterEach(() => {
  db?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 006-ups', () => {
  it('keeps existing notices and deliveries, and leaves foreign keys on', () => {
    const upTo005 = mkdtempSync(join(tmpdir(), 'vigie-mig-'));
    dirs.push(upTo005);
    for (const f of readdirSync(MIGRATIONS).filter((f) => f < '006')) copyFileSync(join(MIGRATIONS, f), join(upTo005, f));
    db = openDatabase(':memory:', upTo005);
    db.prepare("INSERT INTO servers (uai, machine, name, token_hash, enrolled_at_ms) VALUES ('0860021F', 'scribe', 'X', 'h', 0)").run();
    db.prepare("INSERT INTO outages (server_id, started_at_ms, cause, detected_at_ms, not_before_ms) VALUES (1, 0, 'power_loss', 0, 0)").run();
    db.prepare("INSERT INTO notices (server_id, outage_id, kind, severity, state, cause, created_at_ms) VALUES (1, 1, 'down', 'critical', 'offline', 'power_loss', 5)").run();
    db.prepare("INSERT INTO notice_deliveries (notice_id, channel, next_attempt_at_ms) VALUES (1, 'webhook', 5)").run();

    expect(migrate(db, MIGRATIONS)[0]).toBe('006-ups.sql');
    expect(db.prepare('SELECT id, outage_id, ups_episode_id, kind FROM notices').all()).toEqual([{ id: 1, outage_id: 1, ups_episode_id: null, kind: 'down' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db!.prepare('INSERT INTO notice_deliveries (notice_id, channel, next_attempt_at_ms) VALUES (99, ?, 0)').run('email')).toThrow(/FOREIGN KEY/);
    // A notice is about exactly one outage or one UPS episode.
    expect(() =>
      db!.prepare("INSERT INTO notices (server_id, kind, severity, state, cause, created_at_ms) VALUES (1, 'ups_on_battery', 'critical', 'online', 'power_loss', 6)").run(),
    ).toThrow(/CHECK/);
  });
});
