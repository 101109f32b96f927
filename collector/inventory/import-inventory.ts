/**
 * `inventory import`: writes a parsed school list to the inventory in one transaction. Re-importing updates,
 * never duplicates; a school missing from a file read without error is closed, not deleted. With bad rows the
 * good ones are imported (nothing with `strict`), and no school is closed, since a bad row may be a school
 * that is still open.
 */
import { AppError } from '../../shared/errors.ts';
import type { Store } from '../storage/store.ts';
import type { ParsedInventory } from './parse-inventory.ts';

export interface ImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly reopened: number;
  readonly unchanged: number;
  /** UAIs of the schools closed by this import. */
  readonly closed: readonly string[];
  /** Closing was skipped because some rows were bad. */
  readonly closingSkipped: boolean;
  readonly errors: ParsedInventory['errors'];
}

export async function importInventory(
  store: Store,
  parsed: ParsedInventory,
  opts: { readonly strict: boolean; readonly actor: string; readonly file: string; readonly now: Date },
): Promise<ImportSummary> {
  if (opts.strict && parsed.errors.length > 0) {
    throw new AppError(
      'ERR_INVENTORY_ROW',
      `nothing imported (--strict): ${parsed.errors.length} bad row(s)\n${parsed.errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
  }
  const atMs = opts.now.getTime();
  return store.transaction(async () => {
    const counts = { created: 0, updated: 0, reopened: 0, unchanged: 0 };
    for (const s of parsed.schools) {
      const { line: _line, ...fields } = s;
      counts[await store.schools.upsert(fields, atMs)] += 1;
    }
    const closingSkipped = parsed.errors.length > 0;
    const closed: string[] = [];
    if (!closingSkipped) {
      const present = new Set(parsed.schools.map((s) => s.uai));
      for (const school of await store.schools.list()) {
        if (school.closedAtMs === null && !present.has(school.uai)) {
          await store.schools.close(school.uai, atMs);
          closed.push(school.uai);
        }
      }
    }
    const summary: ImportSummary = { ...counts, closed, closingSkipped, errors: parsed.errors };
    await store.audit.record({
      atMs,
      actor: opts.actor,
      action: 'inventory.import',
      target: opts.file,
      details: { ...counts, closed: closed.length, badRows: parsed.errors.length, encoding: parsed.encoding, delimiter: parsed.delimiter },
    });
    return summary;
  });
}
