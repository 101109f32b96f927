// Runs before `npm test`: parts of the suite talk to real Prometheus, Alertmanager, repquota and Chromium.
// Missing Debian packages are installed with apt-get when running as root (CI, a fresh dev machine). As a
// non-root user the run goes on: those tests skip, and the run ends by listing them with the apt-get line
// (test/helpers/requirements.ts). Under CI a package that cannot be installed stops the run.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasTool, TOOLS } from '../test/helpers/requirements.ts';

const root = join(import.meta.dirname, '..');
const listed = readFileSync(join(root, '.ci/apt-packages.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const missing = [...new Set(Object.values(TOOLS).filter((t) => !hasTool(t)).map((t) => t.pkg))];
if (missing.length === 0) process.exit(0);

const ci = Boolean(process.env['CI']);
const command = ['apt-get', 'install', '-y', '--no-install-recommends', ...listed];
if (process.getuid?.() !== 0) {
  process.stderr.write(
    `Debian packages some tests use are missing (${missing.join(', ')}); ${ci ? 'CI needs them' : 'those tests will be skipped'}. Install them with:\n` +
      `  sudo apt-get update && sudo ${command.join(' ')}\n`,
  );
  process.exit(ci ? 1 : 0);
}
process.stdout.write(`Installing the Debian packages the tests need: ${listed.join(' ')}\n`);
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
} catch {
  // the install below says what failed
}
const res = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
if (res.status !== 0) {
  process.stderr.write(`apt-get install failed (exit ${res.status}); ${ci ? 'stopping' : 'the tests that need these packages will be skipped'}\n`);
  process.exit(ci ? 1 : 0);
}
