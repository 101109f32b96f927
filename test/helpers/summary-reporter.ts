// Prints one closing line in the plain form CI reads: "vitest: N passed, N failed, N skipped", preceded, when
// tests were skipped for a missing package or for want of root, by the list of them and the line that fixes it.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { MISSING_DIR_ENV, type MissingRecord } from './requirements.ts';

function missingRecords(): MissingRecord[] {
  const dir = process.env[MISSING_DIR_ENV];
  if (dir === undefined) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const records = names.flatMap((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as MissingRecord[]);
  rmSync(dir, { recursive: true, force: true });
  return records;
}

/** The closing lines about what could not run here (empty when everything could). */
export function describeMissing(records: readonly MissingRecord[]): string {
  if (records.length === 0) return '';
  const byFile = new Map<string, Set<string>>();
  for (const r of records) byFile.set(r.file, (byFile.get(r.file) ?? new Set()).add(r.need === 'root' ? 'root' : `${r.need} (${r.pkg})`));
  const lines = [`\nNot run on this machine (${byFile.size} test file(s)):`];
  for (const [file, needs] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${file}: needs ${[...needs].join(', ')}`);
  const pkgs = [...new Set(records.flatMap((r) => (r.pkg ? [r.pkg] : [])))].sort();
  if (pkgs.length > 0) lines.push(`Install what they need: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${pkgs.join(' ')}`);
  if (records.some((r) => r.need === 'root')) lines.push('Tests that need root run with: sudo npm test');
  return `${lines.join('\n')}\n`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    process.stdout.write(describeMissing(missingRecords()));
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
