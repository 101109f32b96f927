// Finds a system binary a test needs; tests fail (not skip) when it is missing under CI.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Absolute path of `name` on PATH (plus /usr/sbin, /usr/local/bin), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin', '/usr/bin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** True when running under CI, where a missing binary is a failure rather than a reason to skip. */
export function inCi(): boolean {
  return (process.env.CI ?? '') !== '' && process.env.CI !== 'false';
}
