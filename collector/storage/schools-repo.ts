import type { SchoolFields } from '../inventory/school.ts';
import type { SqlDb } from './sql.ts';

/** A school of the inventory. */
export interface SchoolRow extends SchoolFields {
  readonly firstImportedAtMs: number;
  readonly updatedAtMs: number;
  readonly closedAtMs: number | null;
}

interface Raw {
  uai: string;
  name: string;
  commune: string | null;
  type: string | null;
  academie: string | null;
  email: string | null;
  departement: string;
  first_imported_at_ms: number;
  updated_at_ms: number;
  closed_at_ms: number | null;
}

const toRow = (r: Raw): SchoolRow => ({
  uai: r.uai,
  name: r.name,
  commune: r.commune,
  type: r.type,
  academie: r.academie,
  email: r.email,
  departement: r.departement,
  firstImportedAtMs: r.first_imported_at_ms,
  updatedAtMs: r.updated_at_ms,
  closedAtMs: r.closed_at_ms,
});

export type UpsertOutcome = 'created' | 'updated' | 'reopened' | 'unchanged';

const SAME_FIELDS = ['name', 'commune', 'type', 'academie', 'email', 'departement'] as const;

/** The inventory of schools. */
export function createSchoolsRepo(db: SqlDb) {
  const get = db.prepare('SELECT * FROM schools WHERE uai = ?');
  const all = db.prepare('SELECT * FROM schools ORDER BY uai');
  const insert = db.prepare(
    `INSERT INTO schools (uai, name, commune, type, academie, email, departement, first_imported_at_ms, updated_at_ms)
     VALUES (@uai, @name, @commune, @type, @academie, @email, @departement, @atMs, @atMs)`,
  );
  const update = db.prepare(
    `UPDATE schools SET name = @name, commune = @commune, type = @type, academie = @academie, email = @email,
       departement = @departement, updated_at_ms = @atMs, closed_at_ms = NULL WHERE uai = @uai`,
  );
  const close = db.prepare('UPDATE schools SET closed_at_ms = ?, updated_at_ms = ? WHERE uai = ?');

  return {
    async get(uai: string): Promise<SchoolRow | undefined> {
      const r = (await get.get(uai)) as Raw | undefined;
      return r && toRow(r);
    },
    /** Every school, closed ones included, by UAI. */
    async list(): Promise<SchoolRow[]> {
      return ((await all.all()) as Raw[]).map(toRow);
    },
    /** Creates or updates a school (re-opening it if it was closed). */
    async upsert(school: SchoolFields, atMs: number): Promise<UpsertOutcome> {
      const known = (await get.get(school.uai)) as Raw | undefined;
      if (known === undefined) {
        await insert.run({ ...school, atMs });
        return 'created';
      }
      const same = SAME_FIELDS.every((f) => known[f] === school[f]);
      if (same && known.closed_at_ms === null) return 'unchanged';
      await update.run({ ...school, atMs });
      return known.closed_at_ms !== null ? 'reopened' : 'updated';
    },
    async close(uai: string, atMs: number): Promise<void> {
      await close.run(atMs, atMs, uai);
    },
  };
}
export type SchoolsRepo = ReturnType<typeof createSchoolsRepo>;
