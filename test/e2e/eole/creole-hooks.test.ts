// The EOLE hooks of the agent package against a real collector, as reconfigure and diagnose run them on a Scribe:
// the posttemplate hook (deploy/eole/posttemplate/90-vigie) enrols a server that has no token with the key set in
// config.eol, says so in French, never fails (a bad key, activer_vigie non), and does nothing the second time;
// the diagnose script (deploy/eole/diagnose/90-vigie) says whether the agent runs, the server is enrolled, the
// collector answers and when the last report went, and exits non-zero when something is wrong. The agent is the
// bundle the package ships (plain node, no tsx), its agent.yaml the Creole template rendered by real Cheetah.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAgent } from '../../../scripts/lib/agent-package.ts';
import { readFixture } from '../../helpers/fixtures.ts';
import { makeAgentRoot, scrape, startAgentProcess, startCollectorProcess, waitFor, type CollectorProcess, type RunningProcess } from '../../helpers/processes.ts';
import { DEBIAN_PYTHON3, has } from '../../helpers/requirements.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const EOLE = join(ROOT, 'deploy/eole');
const HOOK = join(EOLE, 'posttemplate/90-vigie');
const DIAGNOSE = join(EOLE, 'diagnose/90-vigie');

interface Run {
  code: number | null;
  /** stdout and stderr, colours removed. */
  out: string;
}

/** The text without the terminal colours of EchoVert/EchoRouge/EchoOrange/EchoGras (ESC [ … m). */
const stripColours = (text: string): string => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

/** Runs a command to completion (asynchronously: the collector and the agent keep logging meanwhile). */
function run(cmd: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.on('exit', (code) => done({ code, out: stripColours(out) }));
  });
}

/** `<label> => <verdict>` lines of a diagnose output, as a map. */
function verdicts(out: string): Map<string, string> {
  return new Map(
    out
      .split('\n')
      .map((l) => /^\.\s+(.+?)\s+=> (.*)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

describe.skipIf(!has('python3Cheetah', 'curl'))('EOLE hooks of the agent package against a real collector', () => {
  let dir: string;
  let collector: CollectorProcess;
  let agent: RunningProcess | undefined;
  let agentBin: string;
  let agentRoot: string;
  let etc: string;
  let stateDir: string;
  let key: string;
  /** The environment of the hooks: every EOLE path moved into the test's folders, no EOLE shell library. */
  let env: Record<string, string>;

  /** Writes the server's config.eol: the identity fixture plus the Vigie variables gen_config would save. */
  const writeConfigEol = (vars: Record<string, unknown>): void => {
    const base = JSON.parse(readFixture('eole', 'config-2.8.eol')) as Record<string, unknown>;
    const vigie = Object.fromEntries(Object.entries(vars).map(([k, val]) => [k, { owner: 'gen_config', val }]));
    writeFileSync(join(agentRoot, 'etc/eole/config.eol'), JSON.stringify({ ...base, ...vigie }));
  };
  const enabled = () => ({ activer_vigie: 'oui', vigie_url_collecteur: [collector.url], vigie_cle_enrolement: key, activer_proxy_client: 'non' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-eole-e2e-'));
    // The agent as the package ships it: the esbuild bundle under plain node, behind a start script.
    const lib = join(dir, 'lib');
    await bundleAgent(lib);
    agentBin = join(dir, 'vigie-agent');
    writeFileSync(agentBin, `#!/bin/sh\nexec "${process.execPath}" "${lib}/vigie-agent.mjs" "$@"\n`);
    chmodSync(agentBin, 0o755);

    collector = await startCollectorProcess({ dir });
    const created = await run(process.execPath, [join(ROOT, 'bin/vigie-collector.js'), 'enrolment-keys', 'create', '--expires', new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), '--auto-approve'], {
      VIGIE_COLLECTOR_DATABASE: collector.databasePath,
    });
    expect(created.code, created.out).toBe(0);
    key = created.out.trim().split('\n').at(-1)!.trim();
    expect(key).toMatch(/^vigie-enrol_/);

    agentRoot = makeAgentRoot();
    etc = join(dir, 'etc-vigie');
    mkdirSync(etc);
    stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    env = {
      VIGIE_EOLE_SH: join(EOLE, 'lib/vigie-eole.sh'),
      VIGIE_AGENT_BIN: agentBin,
      VIGIE_CONFIG_EOL: join(agentRoot, 'etc/eole/config.eol'),
      VIGIE_ETC: etc,
      VIGIE_STATE_DIR: stateDir,
      VIGIE_EOLE_LIB: join(dir, 'no-eole-lib'),
      // Read by the agent the hook runs: the identity of the fake server.
      VIGIE_ROOT_DIR: agentRoot,
      TZ: 'Europe/Paris',
      HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '',
    };
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await collector?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does nothing when activer_vigie is non', async () => {
    writeConfigEol({ ...enabled(), activer_vigie: 'non' });
    const r = await run('bash', [HOOK, 'reconfigure'], env);
    expect(r).toEqual({ code: 0, out: '' });
    expect(existsSync(join(etc, 'token'))).toBe(false);
  }, 30_000);

  it('says in French that a bad key was refused, and still lets reconfigure go on (exit 0)', async () => {
    writeConfigEol({ ...enabled(), vigie_cle_enrolement: 'vigie-enrol_not-a-real-key' });
    const r = await run('bash', [HOOK, 'reconfigure'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Vigie : échec de l'enrôlement auprès de ${collector.url} : clé d'enrôlement refusée (`);
    expect(r.out).toContain('Vigie : serveur non enrôlé ; vérifier la clé d\'enrôlement et l\'accès au collecteur');
    expect(r.out).toContain('Le reconfigure continue.');
    expect(existsSync(join(etc, 'token'))).toBe(false);
  }, 30_000);

  it('enrols the server with the key of config.eol and the rendered agent.yaml: token file 0600', async () => {
    writeConfigEol(enabled());
    // reconfigure renders agent.yaml before the posttemplate hooks run.
    const rendered = await run(DEBIAN_PYTHON3, [join(ROOT, 'test/helpers/creole-render.py'), '--config-eol', env['VIGIE_CONFIG_EOL']!, '--dico', join(EOLE, 'dicos/90_vigie.xml'), join(EOLE, 'distrib/vigie-agent.yaml')], {});
    expect(rendered.code, rendered.out).toBe(0);
    writeFileSync(join(etc, 'agent.yaml'), rendered.out);

    const r = await run('bash', [HOOK, 'instance'], env);
    expect(r).toEqual({ code: 0, out: `Vigie : serveur enrôlé auprès du collecteur ${collector.url} (jeton enregistré dans ${etc}/token)\n` });
    expect(statSync(join(etc, 'token')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(etc, 'token'), 'utf8').trim()).not.toBe('');
  }, 30_000);

  it('does not enrol again: the server already has its token', async () => {
    const token = readFileSync(join(etc, 'token'), 'utf8');
    const r = await run('bash', [HOOK, 'reconfigure'], env);
    expect(r).toEqual({ code: 0, out: `Vigie : serveur déjà enrôlé (jeton ${etc}/token)\n` });
    expect(readFileSync(join(etc, 'token'), 'utf8')).toBe(token);
  }, 30_000);

  it('diagnose: agent stopped and no report yet, then all well once the agent runs and a scan sent its report', async () => {
    const stopped = await run('bash', [DIAGNOSE], { ...env, VIGIE_SERVICE_CHECK: 'false' });
    expect(stopped.out.split('\n')[0]).toBe('*** Supervision Vigie');
    expect(verdicts(stopped.out)).toEqual(
      new Map([
        ['Service vigie-agent', 'Erreur : arrêté'],
        ['Enrôlement', 'Ok'],
        [`Collecteur ${collector.url.replace(/^https?:\/\//, '')}`, 'Ok'],
        ['Dernier rapport', "Aucun pour l'instant"],
      ]),
    );
    expect(stopped.code).toBe(1);

    // The agent with the rendered agent.yaml and the token the hook wrote; a scan records its report in state.json.
    const token = readFileSync(join(etc, 'token'), 'utf8').trim();
    const agentEnv = { VIGIE_TOKEN_FILE: join(etc, 'token'), VIGIE_STATE_DIR: stateDir, VIGIE_LOG_LEVEL: 'warn' };
    const scan = await run(agentBin, ['--config', join(etc, 'agent.yaml'), 'scan'], { ...env, ...agentEnv, VIGIE_SCAN_BUDGET_SECONDS: '30' });
    expect(scan.out).toMatch(/report \S+ sent/);
    agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir: agentRoot, stateDir, bin: join(dir, 'lib/vigie-agent.mjs'), args: ['--config', join(etc, 'agent.yaml')] });
    await waitFor('the collector to take a heartbeat of the enrolled server', async () => {
      const seen = await scrape(collector.url, 'scribe_server_last_seen_timestamp_seconds');
      return seen.some((l) => l.includes('uai="0860021F"')) || undefined;
    });

    const { lastSuccessfulScanAt } = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as { lastSuccessfulScanAt: string };
    const when = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })
      .format(new Date(lastSuccessfulScanAt))
      .replace(' ', ' à ');
    const ok = await run('bash', [DIAGNOSE], { ...env, VIGIE_SERVICE_CHECK: `kill -0 ${agent.proc.pid}` });
    // Lines padded to 40 characters (not bytes), as EOLE's diagnose prints them.
    expect(ok.out).toContain(`${'.  Enrôlement'.padEnd(40)} => Ok\n`);
    expect(verdicts(ok.out)).toEqual(
      new Map([
        ['Service vigie-agent', 'Ok'],
        ['Enrôlement', 'Ok'],
        [`Collecteur ${collector.url.replace(/^https?:\/\//, '')}`, 'Ok'],
        ['Dernier rapport', `Le ${when}`],
      ]),
    );
    expect(ok.code).toBe(0);
  }, 60_000);

  it('diagnose: the collector down is an error', async () => {
    const url = collector.url;
    await collector.stop();
    const r = await run('bash', [DIAGNOSE], { ...env, VIGIE_SERVICE_CHECK: `kill -0 ${agent!.proc.pid}`, VIGIE_CURL_TIMEOUT: '3' });
    expect(verdicts(r.out).get(`Collecteur ${url.replace(/^https?:\/\//, '')}`)).toBe('Erreur : injoignable');
    expect(r.code).toBe(1);
  }, 30_000);

  it('diagnose: says Vigie is off when activer_vigie is non, and is content', async () => {
    writeConfigEol({ ...enabled(), activer_vigie: 'non' });
    const r = await run('bash', [DIAGNOSE], env);
    expect(r.out).toBe(`*** Supervision Vigie\n${'.  Supervision Vigie'.padEnd(40)} => Désactivée (activer_vigie)\n`);
    expect(r.code).toBe(0);
  }, 30_000);
});
