import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's own fixtures (real captures and samples, see test/fixtures/README.md). */
export const FIXTURES_DIR = resolve(import.meta.dirname, '../fixtures');

/** Absolute path of a fixture file, e.g. `fixturePath('repquota', 'csv.txt')`. */
export function fixturePath(...parts: string[]): string {
  return join(FIXTURES_DIR, ...parts);
}

/** A fixture file's text (UTF-8). */
export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}
