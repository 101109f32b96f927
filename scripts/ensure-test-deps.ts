// Runs before `npm test`: the suite talks to real Prometheus, Alertmanager, repquota and Chromium.
// Missing Debian packages are installed with apt-get when running as root (CI, a fresh dev machine);
// otherwise the exact command to run is printed and the test run stops.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A binary the tests run, and the Debian package that provides it. */
const REQUIRED: ReadonlyArray<readonly [string, string]> = [
  ['/usr/bin/prometheus', 'prometheus'],
  ['/usr/bin/promtool', 'prometheus'],
  ['/usr/bin/prometheus-alertmanager', 'prometheus-alertmanager'],
  ['/usr/sbin/repquota', 'quota'],
  ['/usr/bin/chromium', 'chromium'],
];

const root = join(import.meta.dirname, '..');
const listed = readFileSync(join(root, '.ci/apt-packages.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const missing = REQUIRED.filter(([bin]) => !existsSync(bin)).map(([, pkg]) => pkg);
if (missing.length === 0) process.exit(0);

const command = ['apt-get', 'install', '-y', '--no-install-recommends', ...listed];
if (process.getuid?.() !== 0) {
  process.stderr.write(`The tests need Debian packages that are missing (${[...new Set(missing)].join(', ')}). Run:\n  sudo apt-get update && sudo ${command.join(' ')}\n`);
  process.exit(1);
}
process.stdout.write(`Installing the Debian packages the tests need: ${listed.join(' ')}\n`);
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
const res = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
process.exit(res.status ?? 1);
