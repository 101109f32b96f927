// `npm start`: runs a collector on its embedded defaults (SQLite under ./var), enrols this machine and runs a
// local agent against it. Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { enrolServer } from '../collector/enrolment.ts';
import { openStore } from '../collector/storage/open-store.ts';
import { readIdentity } from '../agent/identity/read-identity.ts';
import { systemClock } from '../shared/clock.ts';
import { scanSampleTree } from './sample-scan.ts';

interface StartConfig {
  collector: { port: number; database: string };
  agent: { heartbeatIntervalSeconds: number };
  sampleIdentity: { uai: string; name: string; academie?: string };
}

const root = resolve(import.meta.dirname, '..');
const cfg = parseYaml(readFileSync(join(root, 'config/start.yaml'), 'utf8')) as StartConfig;
// VIGIE_START_DIR and VIGIE_START_PORT let a test run `npm start` beside another instance.
const varDir = resolve(process.env['VIGIE_START_DIR'] ?? join(root, 'var'));
mkdirSync(varDir, { recursive: true, mode: 0o700 });
const dbPath = process.env['VIGIE_START_DIR'] ? join(varDir, 'vigie.db') : resolve(root, cfg.collector.database);
const port = Number(process.env['VIGIE_START_PORT'] ?? cfg.collector.port);
const url = `http://127.0.0.1:${port}`;

// Identity: this machine's EOLE configuration if it has one, else the sample school.
const hasEole = existsSync('/etc/eole/config.eol');
const identity = await readIdentity({ rootDir: '/', configured: { uai: cfg.sampleIdentity.uai }, hostname: hostname() });
const say = (line: string) => process.stdout.write(`${line}\n`);
if (!hasEole) {
  say(`No EOLE configuration at /etc/eole/config.eol: using the sample identity ${identity.server.uai}/${identity.server.machine} from config/start.yaml.`);
}

// Enrol (or re-enrol) this machine and keep its token under ./var.
// The collector child inherits the environment: with VIGIE_COLLECTOR_DATABASE_URL set it uses PostgreSQL, so
// the enrolment goes to the same database.
const store = await openStore({ databasePath: dbPath, databaseUrl: process.env['VIGIE_COLLECTOR_DATABASE_URL'] });
const enrolment = await enrolServer(
  store,
  { uai: identity.server.uai, machine: identity.server.machine, name: identity.eole.establishment ?? cfg.sampleIdentity.name, academie: identity.eole.academy ?? cfg.sampleIdentity.academie, rotate: true },
  systemClock.now(),
);
await store.close();
const adminTokenPath = join(varDir, 'admin-token');
if (!existsSync(adminTokenPath)) writeFileSync(adminTokenPath, `vigie_admin_${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
const tokenPath = join(varDir, 'agent-token');
writeFileSync(tokenPath, `${enrolment.token}\n`, { mode: 0o600 });

const children: ChildProcess[] = [];
const run = (name: string, script: string, env: Record<string, string>) => {
  // Each child gets its own process group: Ctrl-C reaches this script only, which then stops the agent
  // first (so its shutdown event is delivered) and the collector last.
  const child = spawn(process.execPath, [join(root, 'bin', script), 'run'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  child.on('exit', (code, signal) => {
    say(`${name} exited (${signal ?? code})`);
    if (!stopping) void stopAll(1);
  });
  children.push(child);
  // Written so that whoever started us can clean up if this script is killed outright.
  writeFileSync(join(varDir, 'pids'), children.map((c) => c.pid).join('\n'));
  return child;
};

run('collector', 'vigie-collector.js', {
  VIGIE_COLLECTOR_PORT: String(port),
  VIGIE_COLLECTOR_DATABASE: dbPath,
  VIGIE_COLLECTOR_PUBLIC_URL: url,
  VIGIE_COLLECTOR_ADMIN_TOKEN: readFileSync(adminTokenPath, 'utf8').trim(),
});
await waitForHealth(`${url}/healthz`, 10_000);
run('agent', 'vigie-agent.js', {
  VIGIE_COLLECTOR_URL: url,
  VIGIE_TOKEN_FILE: tokenPath,
  VIGIE_UAI: identity.server.uai,
  VIGIE_MACHINE: identity.server.machine,
  VIGIE_HEARTBEAT_INTERVAL_SECONDS: String(cfg.agent.heartbeatIntervalSeconds),
  VIGIE_STATE_DIR: join(varDir, 'agent-state'), // the agent's spool and state.json, not /var/lib/vigie
});

say('');
say(`Vigie is running: collector ${url}, agent for ${identity.server.uai}/${identity.server.machine}.`);
say(`  metrics:    ${url}/metrics`);
say(`  health:     ${url}/healthz`);
say(`  status:     ${url}/status   (« État du parc Scribe »; any user name, password = the token in var/admin-token)`);
say(`  servers:    curl -H "Authorization: Bearer $(cat var/admin-token)" ${url}/api/v1/servers`);
say(`  quotas:     ${url}/api/v1/reports/quotas?format=html   (same credentials as the status page)`);
say('Press Ctrl-C to stop both.');

let stopping = false;
async function stopAll(code: number): Promise<void> {
  if (stopping) return; // a second Ctrl-C (or tsx relaying the first) must not cut the orderly stop short
  stopping = true;
  // The agent first, so its shutdown event still reaches the collector.
  for (const c of [...children].reverse()) {
    await new Promise<void>((done) => {
      if (c.exitCode !== null || c.signalCode !== null) return done();
      c.once('exit', () => done());
      c.kill('SIGTERM');
    });
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

// After the URLs are printed and Ctrl-C is handled (the scan takes a few seconds).
if (!hasEole) {
  // No Scribe here: scan a small generated sample tree once, so that the quota report shows something.
  try {
    const sample = await scanSampleTree({
      repoRoot: root, treeRoot: join(varDir, 'sample-home'), collectorUrl: url, token: enrolment.token,
      uai: identity.server.uai, machine: identity.server.machine, now: systemClock.now(),
    });
    say(`Scanned the sample Scribe tree ${join(varDir, 'sample-home')} (${sample.persoSpaces} personal folders): see the quota report.`);
  } catch (err) {
    say(`The sample scan failed (${(err as Error).message}); the quota report stays empty until a real scan.`);
  }
}


async function waitForHealth(healthUrl: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      if ((await fetch(healthUrl)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`collector did not answer ${healthUrl} within ${timeoutMs} ms`);
}
