// What a test needs from the machine (a Debian package's binary, root), checked in one place.
// Locally a missing requirement skips the test and is recorded, so the run ends by listing what did not run
// and the apt-get line that fixes it (test/helpers/summary-reporter.ts). Under CI a missing requirement fails.
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from './daemon-process.ts';

/** A binary the tests run and the Debian package that provides it (all listed in .ci/apt-packages.txt). */
export const TOOLS = {
  prometheus: { binary: 'prometheus', pkg: 'prometheus' },
  promtool: { binary: 'promtool', pkg: 'prometheus' },
  alertmanager: { binary: 'prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  chromium: { binary: 'chromium', pkg: 'chromium' },
  repquota: { binary: 'repquota', pkg: 'quota' },
  setquota: { binary: 'setquota', pkg: 'quota' },
  quotacheck: { binary: 'quotacheck', pkg: 'quota' },
  mkfsExt4: { binary: 'mkfs.ext4', pkg: 'e2fsprogs' },
  losetup: { binary: 'losetup', pkg: 'util-linux' },
  setpriv: { binary: 'setpriv', pkg: 'util-linux' },
  getent: { binary: 'getent', pkg: 'libc-bin' },
  openssl: { binary: 'openssl', pkg: 'openssl' },
} as const;
export type Tool = keyof typeof TOOLS;

/** A library (a file, not a binary on the PATH) the tests load, and its Debian package. */
export const LIBRARIES = {
  libfaketime: { file: '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', pkg: 'libfaketime' },
} as const;
export type Library = keyof typeof LIBRARIES;

/** A tool, a library, or `root` for tests that mount filesystems, change uid or create network namespaces. */
export type Need = Tool | Library | 'root';

function isLibrary(need: Need): need is Library {
  return Object.hasOwn(LIBRARIES, need);
}

/** What to install for a need: its Debian package and what is missing without it. */
function describeNeed(need: Exclude<Need, 'root'>): { readonly what: string; readonly pkg: string } {
  if (isLibrary(need)) return { what: LIBRARIES[need].file, pkg: LIBRARIES[need].pkg };
  return { what: TOOLS[need].binary, pkg: TOOLS[need].pkg };
}

/** One unmet requirement, as the summary reporter reads it back. */
export interface MissingRecord {
  readonly file: string;
  readonly need: Need;
  readonly pkg?: string;
}

/** The directory where skipped requirements are recorded (set by vitest.config.ts for the whole run). */
export const MISSING_DIR_ENV = 'VIGIE_TEST_MISSING_DIR';

function unmetOf(needs: readonly Need[]): Need[] {
  return needs.filter((n) => {
    if (n === 'root') return process.getuid?.() !== 0;
    if (isLibrary(n)) return !existsSync(LIBRARIES[n].file);
    return findBinary(TOOLS[n].binary) === undefined;
  });
}

/** The test file that called us, from the stack (for the closing list). */
function callerFile(): string {
  const line = (new Error().stack ?? '').split('\n').find((l) => /\/test\/(unit|integration|e2e)\/.*\.test\.ts/.test(l));
  const match = line?.match(/(test\/(?:unit|integration|e2e)\/[^:)]*\.test\.ts)/);
  return match?.[1] ?? 'unknown test file';
}

/**
 * True when every need is met. Otherwise: under CI, throws (a missing package is an error there); locally,
 * records what is missing for the closing summary and returns false, so the caller skips.
 */
export function has(...needs: Need[]): boolean {
  const unmet = unmetOf(needs);
  if (unmet.length === 0) return true;
  const describe = unmet.map((n) => (n === 'root' ? 'root' : `${describeNeed(n).what} (Debian package ${describeNeed(n).pkg})`)).join(', ');
  if (process.env['CI']) throw new Error(`this test needs ${describe}: CI must provide it (.ci/apt-packages.txt, run as root)`);
  const dir = process.env[MISSING_DIR_ENV];
  if (dir !== undefined) {
    const file = callerFile();
    const records: MissingRecord[] = unmet.map((need) => (need === 'root' ? { file, need } : { file, need, pkg: describeNeed(need).pkg }));
    writeFileSync(join(dir, `${randomUUID()}.json`), JSON.stringify(records));
  }
  return false;
}
