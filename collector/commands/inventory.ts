import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { parseColumnMapping } from '../inventory/columns.ts';
import { importInventory } from '../inventory/import-inventory.ts';
import { parseInventory } from '../inventory/parse-inventory.ts';
import type { Store } from '../storage/store.ts';
import type { CommandIo } from './servers.ts';

export const INVENTORY_USAGE = `  inventory import <file.csv> [--columns uai=<header>,name=<header>,commune=…,type=…,academie=…,email=…] [--strict]
  inventory list [--all]`;

export interface AdminCommandDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly io: CommandIo;
  /** Who runs the command, for the audit log: `cli:<unix user>`. */
  readonly actor: string;
}

/** `vigie-collector inventory import|list …`. Returns the exit code (1 when some rows were bad). */
export async function runInventoryCommand(args: string[], deps: AdminCommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { columns: { type: 'string' }, strict: { type: 'boolean', default: false } },
    });
    const [file] = positionals;
    if (file === undefined) throw new AppError('ERR_USAGE', `usage:\n${INVENTORY_USAGE}`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new AppError('ERR_CONFIG_UNREADABLE', `${file}: cannot read the school list (${(err as Error).message})`);
    }
    const parsed = parseInventory(bytes, values.columns === undefined ? {} : parseColumnMapping(values.columns));
    const summary = await importInventory(deps.store, parsed, { strict: values.strict, actor: deps.actor, file, now: deps.clock.now() });
    const columns = Object.entries(parsed.columns).map(([f, h]) => `${f}=${h}`).join(', ');
    deps.io.out(`${file}: ${parsed.encoding}, separator '${parsed.delimiter === '\t' ? '\\t' : parsed.delimiter}', columns ${columns}`);
    deps.io.out(
      `Imported ${parsed.schools.length} school(s): ${summary.created} new, ${summary.updated} updated, ${summary.reopened} reopened, ` +
        `${summary.unchanged} unchanged; ${summary.closed.length} closed${summary.closed.length > 0 ? ` (${summary.closed.join(', ')})` : ''}.`,
    );
    if (summary.errors.length > 0) {
      deps.io.out(`${summary.errors.length} bad row(s) skipped; no school was closed (fix the file and import it again):`);
      for (const e of summary.errors) deps.io.out(`  ${e.message}`);
      return 1;
    }
    return 0;
  }
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { all: { type: 'boolean', default: false } } });
    deps.io.out(['UAI', 'DEPT', 'TYPE', 'NAME', 'COMMUNE', 'ACADEMIE', 'STATUS'].join('\t'));
    for (const s of await deps.store.schools.list()) {
      if (s.closedAtMs !== null && !values.all) continue;
      deps.io.out([s.uai, s.departement, s.type ?? '-', s.name, s.commune ?? '-', s.academie ?? '-', s.closedAtMs === null ? 'open' : 'closed'].join('\t'));
    }
    return 0;
  }
  throw new AppError('ERR_USAGE', `usage:\n${INVENTORY_USAGE}`);
}
