import type { Db } from '../../collector/storage/database.ts';

/**
 * Every row of every table (`SELECT * FROM <table>`), tables by name, rows in a stable order: two dumps are
 * equal exactly when the database holds the same data. Used to prove a refused request changed nothing.
 */
export function dumpDatabase(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out: string[] = [];
  for (const { name } of tables) {
    const rows = (db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all() as unknown[]).map((r) => JSON.stringify(r, bigints));
    out.push(`## ${name}`, ...rows.sort());
  }
  return out.join('\n');
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
