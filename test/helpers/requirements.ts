// What a test needs from the machine (a Debian package's binary, root), checked in one place.
// Locally a missing requirement skips the test and is recorded, so the run ends by listing what did not run
// and the apt-get line that fixes it (test/helpers/summary-reporter.ts). Under CI a missing requirement fails.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from './daemon-process.ts';

/** The Debian python3, where python3-cheetah installs Cheetah (a virtualenv's or pyenv's python3 may be first in PATH). */
export const DEBIAN_PYTHON3 = '/usr/bin/python3';
/** libfaketime's preload library (Debian package libfaketime), for clock-skew tests. */
export const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/** Where Debian's PostgreSQL server binaries are (/usr/lib/postgresql/<major>/bin, the highest major). */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => /^[0-9]+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  return majors.map((m) => join(root, m, 'bin')).find((d) => existsSync(join(d, 'initdb')));
}

/**
 * A binary the tests run and the Debian package that provides it (all listed in .ci/apt-packages.txt). A tool that
 * is not a binary of its own (a Python module) has a `check` instead, and a `label` for messages.
 */
export interface ToolSpec {
  readonly binary: string;
  readonly pkg: string;
  readonly label?: string;
  readonly check?: () => boolean;
}

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
  systemdAnalyze: { binary: 'systemd-analyze', pkg: 'systemd' },
  dpkgDeb: { binary: 'dpkg-deb', pkg: 'dpkg' },
  lintian: { binary: 'lintian', pkg: 'lintian' },
  strip: { binary: 'strip', pkg: 'binutils' },
  readelf: { binary: 'readelf', pkg: 'binutils' },
  tinyproxy: { binary: 'tinyproxy', pkg: 'tinyproxy' },
  openssl: { binary: 'openssl', pkg: 'openssl' },
  upsd: { binary: 'upsd', pkg: 'nut-server' },
  dummyUps: { binary: 'dummy-ups', pkg: 'nut-server' },
  upsc: { binary: 'upsc', pkg: 'nut-client' },
  xmllint: { binary: 'xmllint', pkg: 'libxml2-utils' },
  curl: { binary: 'curl', pkg: 'curl' },
  ip: { binary: 'ip', pkg: 'iproute2' },
  nft: { binary: 'nft', pkg: 'nftables' },
  shellcheck: { binary: 'shellcheck', pkg: 'shellcheck' },
  python3Cheetah: {
    binary: DEBIAN_PYTHON3,
    pkg: 'python3-cheetah',
    label: `the Python module Cheetah of ${DEBIAN_PYTHON3}`,
    check: () => spawnSync(DEBIAN_PYTHON3, ['-c', 'import Cheetah'], { stdio: 'ignore' }).status === 0,
  },
  postgres: {
    binary: 'initdb',
    pkg: 'postgresql',
    label: 'PostgreSQL server binaries (initdb, pg_ctl)',
    check: () => postgresBinDir() !== undefined,
  },
  libfaketime: {
    binary: LIBFAKETIME,
    pkg: 'libfaketime',
    label: `the library ${LIBFAKETIME}`,
    check: () => existsSync(LIBFAKETIME),
  },
} as const satisfies Record<string, ToolSpec>;
export type Tool = keyof typeof TOOLS;
/** A tool, or `root` for tests that mount filesystems or change uid. */
export type Need = Tool | 'root';

/** One unmet requirement, as the summary reporter reads it back. */
export interface MissingRecord {
  readonly file: string;
  readonly need: Need;
  readonly pkg?: string;
}

/** The directory where skipped requirements are recorded (set by vitest.config.ts for the whole run). */
export const MISSING_DIR_ENV = 'VIGIE_TEST_MISSING_DIR';

/** Whether this machine has the tool: its binary in PATH, or its own check. */
export function hasTool(tool: ToolSpec): boolean {
  return tool.check !== undefined ? tool.check() : findBinary(tool.binary) !== undefined;
}

function unmetOf(needs: readonly Need[]): Need[] {
  return needs.filter((n) => (n === 'root' ? process.getuid?.() !== 0 : !hasTool(TOOLS[n])));
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
  const describe = unmet
    .map((n) => (n === 'root' ? 'root' : `${(TOOLS[n] as ToolSpec).label ?? TOOLS[n].binary} (Debian package ${TOOLS[n].pkg})`))
    .join(', ');
  if (process.env['CI']) throw new Error(`this test needs ${describe}: CI must provide it (.ci/apt-packages.txt, run as root)`);
  const dir = process.env[MISSING_DIR_ENV];
  if (dir !== undefined) {
    const file = callerFile();
    const records: MissingRecord[] = unmet.map((need) => (need === 'root' ? { file, need } : { file, need, pkg: TOOLS[need].pkg }));
    writeFileSync(join(dir, `${randomUUID()}.json`), JSON.stringify(records));
  }
  return false;
}
