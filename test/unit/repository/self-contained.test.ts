// A clone of the repository must pass its tests with nothing beside it: no test, benchmark, script or CI file
// may read a path that climbs above the repository root (such as the build machines' shared fixtures folder beside the clone).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCANNED = ['test', 'bench', 'scripts', '.ci'];
const TEXT = /\.(ts|mts|js|mjs|cjs|sh|json|ya?ml)$|^run$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue; // fixtures are data, not code that reads paths
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (TEXT.test(name)) out.push(path);
  }
  return out;
}

/**
 * The paths a source file names that resolve outside `root`: relative string literals and path segments
 * joined to the file's own folder (`join(import.meta.dirname, '..', '..')`), resolved from that folder,
 * plus any literal naming the build machines' `../shared/` folders.
 */
function escapingPaths(source: string, fileDir: string, root: string): string[] {
  const escapes: string[] = [];
  const outside = (p: string) => {
    const rel = relative(root, p);
    return rel.startsWith('..') || isAbsolute(rel);
  };
  for (const m of source.matchAll(/['"`](\.\.?(?:\/[^'"`$\s]*)?)['"`]/g)) {
    const literal = m[1] as string;
    if (outside(resolve(fileDir, literal))) escapes.push(literal);
  }
  for (const m of source.matchAll(/(?:join|resolve)\(\s*(?:import\.meta\.dirname|__dirname)((?:\s*,\s*['"`][^'"`]*['"`])+)/g)) {
    const parts = [...(m[1] as string).matchAll(/['"`]([^'"`]*)['"`]/g)].map((p) => p[1] as string);
    const target = resolve(fileDir, ...parts);
    if (outside(target)) escapes.push(parts.join(', '));
  }
  for (const m of source.matchAll(/\.\.\/shared\/(?:fixtures|docs|hooks)\b/g)) escapes.push(m[0]);
  return [...new Set(escapes)];
}

describe('the repository stands on its own', () => {
  it('detects a path that climbs above the root (the check itself can fail)', () => {
    const dir = join(ROOT, 'test/unit/agent');
    // The samples are assembled at run time, so that this file itself names no path outside the repository.
    const beside = ['..', 'shared', 'fixtures'].join('/');
    expect(escapingPaths(`readFileSync(join(import.meta.dirname, '../../../${beside}/x'))`, dir, ROOT)).not.toEqual([]);
    const up = Array.from({ length: 4 }, () => "'..'").join(', ');
    expect(escapingPaths(`join(import.meta.dirname, ${up}, 'sha${'red'}')`, dir, ROOT)).not.toEqual([]);
    expect(escapingPaths(`cp ${beside}/eole/x .`, ROOT, ROOT)).not.toEqual([]);
    expect(escapingPaths("import { x } from '../../../shared/clock.ts'", dir, ROOT)).toEqual([]);
    expect(escapingPaths("join(import.meta.dirname, '../../fixtures')", dir, ROOT)).toEqual([]);
  });

  it('no test, benchmark, script or CI file reads outside the repository', () => {
    const offenders: string[] = [];
    for (const top of SCANNED) {
      for (const file of filesUnder(join(ROOT, top))) {
        for (const p of escapingPaths(readFileSync(file, 'utf8'), dirname(file), ROOT)) offenders.push(`${relative(ROOT, file)}: ${p}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
