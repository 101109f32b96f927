// `inventory import` against a real SQLite database: re-imports update without duplicating, missing schools
// are closed (and reopened when they come back), bad rows are skipped (nothing imported with --strict), and
// each import is in the audit log with its actor.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importInventory } from '../../../../collector/inventory/import-inventory.ts';
import { parseInventory } from '../../../../collector/inventory/parse-inventory.ts';
import { openDatabase, type Db } from '../../../../collector/storage/database.ts';
import { createStore, type Store } from '../../../../collector/storage/store.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';

const csv = (...rows: string[]) => new TextEncoder().encode(['uai;nom_etablissement;commune;type', ...rows].join('\n'));
const A = '0860021F;Collège Jean Moulin;Poitiers;Collège';
const B = '0860022G;Lycée Camille Guérin;Poitiers;Lycée';
const C = '0860023H;Collège Ronsard;Chauvigny;Collège';

let db: Db;
let store: Store;
const clock = new FakeClock('2025-06-01T08:00:00Z');
const run = (bytes: Uint8Array, strict = false) => importInventory(store, parseInventory(bytes), { strict, actor: 'cli:ent', file: 'ecoles.csv', now: clock.now() });

beforeEach(() => {
  db = openDatabase(':memory:');
  store = createStore(db);
});
afterEach(() => db.close());

describe('importInventory', () => {
  it('creates, then updates without duplicating, closes the missing school and reopens it', async () => {
    expect(await run(csv(A, B, C))).toMatchObject({ created: 3, updated: 0, closed: [] });
    clock.advance(60_000);
    expect(await run(csv(A, '0860022G;Lycée Camille Guérin;Poitiers;Lycée général'))).toMatchObject({ created: 0, updated: 1, unchanged: 1, closed: ['0860023H'] });
    expect((await store.schools.list()).map((s) => [s.uai, s.type, s.closedAtMs === null])).toEqual([
      ['0860021F', 'Collège', true],
      ['0860022G', 'Lycée général', true],
      ['0860023H', 'Collège', false],
    ]);
    expect(await run(csv(A, B, C))).toMatchObject({ reopened: 1, updated: 1, unchanged: 1 });
    expect((await store.schools.get('0860023H'))!.closedAtMs).toBeNull();
  });

  it('imports the good rows and closes nothing when some rows are bad; --strict imports nothing', async () => {
    await run(csv(A, B, C));
    await expect(run(csv(A, '0860022A;Lycée faux;Poitiers;Lycée'), true)).rejects.toThrow(/nothing imported \(--strict\): 1 bad row\(s\)\n {2}line 3: uai is invalid/);
    expect((await store.schools.list()).filter((s) => s.closedAtMs !== null)).toEqual([]);
    const summary = await run(csv('0860021F;Collège Jean Moulin (rénové);Poitiers;Collège', '0860022A;Lycée faux;Poitiers;Lycée'));
    expect(summary).toMatchObject({ updated: 1, closed: [], closingSkipped: true });
    expect(summary.errors.map((e) => [e.line, e.field])).toEqual([[3, 'uai']]);
    expect((await store.schools.get('0860021F'))!.name).toBe('Collège Jean Moulin (rénové)');
  });

  it('writes each import to the audit log with its actor', async () => {
    await run(csv(A));
    expect(await store.audit.list(0, 10)).toEqual([
      expect.objectContaining({ actor: 'cli:ent', action: 'inventory.import', target: 'ecoles.csv', details: expect.objectContaining({ created: 1, badRows: 0 }) }),
    ]);
  });
});
