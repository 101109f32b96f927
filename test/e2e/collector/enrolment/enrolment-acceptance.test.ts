// Acceptance of inventory and enrolment, end to end with real processes on loopback: a 300-school inventory
// (Windows-1252, `;`, open-data column names) imported by the CLI, an enrolment key, `vigie-agent enrol` on a
// fixture server (token file 0600), its agent's heartbeats accepted; the 299 others expected but not watched
// on the status page (headless Chromium) and in the metrics; every refusal; the audit log with its actors.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent } from '../../../../shared/testing/messages.ts';
import { uaiCheckLetter } from '../../../../shared/uai.ts';
import { ARTIFACTS, launchChromium } from '../../../helpers/chromium.ts';
import { makeAgentRoot, startAgentProcess, startCollectorProcess, waitFor, type CollectorProcess, type RunningProcess } from '../../../helpers/processes.ts';
import { has } from '../../../helpers/requirements.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const ADMIN = 'enrol-e2e-config-admin-token-0123456789';
const FIXTURE_UAI = '0860021F'; // test/fixtures/eole/config-2.8.eol
const COMMUNES = ['Poitiers', 'Châtellerault', 'Loudun', 'Montmorillon', 'Niort', 'Thouars', 'La Rochelle', 'Saintes', 'Angoulême', 'Cognac'];
const DEPTS = ['086', '079', '017', '016'];

let dir: string;
let collector: CollectorProcess | undefined;
let agent: RunningProcess | undefined;
let configFile: string;
const actor = `cli:${userInfo().username}`;

/** Runs a bin to completion: exit code and output. */
function run(bin: 'vigie-collector.js' | 'vigie-agent.js', args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin', bin), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('exit', (code) => done({ code, stdout, stderr }));
  });
}
const collectorCli = (...args: string[]) => run('vigie-collector.js', ['--config', configFile, ...args]);

/** 300 schools: the fixture server's school first, then valid UAIs across four départements. */
function inventoryCsv(): Buffer {
  const lines = ['Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Nom_commune;Libelle_academie;Mail'];
  lines.push(`${FIXTURE_UAI};Collège Jean Moulin;Collège;Poitiers;Poitiers;ce.${FIXTURE_UAI.toLowerCase()}@ac-poitiers.fr`);
  for (let i = 1; i < 300; i += 1) {
    const digits = `${DEPTS[i % 4]}${String(1000 + i).padStart(4, '0')}`;
    const uai = digits + uaiCheckLetter(digits);
    const type = i % 3 === 0 ? 'Lycée professionnel' : i % 3 === 1 ? 'Collège' : 'Lycée';
    lines.push(`${uai};${type} Évariste Galois n°${i};${type};${COMMUNES[i % COMMUNES.length]};Poitiers;ce.${uai.toLowerCase()}@ac-poitiers.fr`);
  }
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1252');
}

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${collector!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
const enrolBody = (key: string, uai: string, machine = 'scribe') => ({ schemaVersion: '1.0', agentVersion: '0.1.0', enrolmentKey: key, server: { uai, machine } });
const lastLine = (text: string) => text.trim().split('\n').at(-1)!;
const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-enrol-e2e-'));
  configFile = join(dir, 'collector.yaml');
  writeFileSync(configFile, `adminToken: ${ADMIN}\ndatabasePath: ${join(dir, 'vigie.db')}\nenrolment:\n  rateLimit: { max: 10, windowSeconds: 600 }\n`);
  collector = await startCollectorProcess({ dir, args: ['--config', configFile], env: { VIGIE_COLLECTOR_DATABASE: join(dir, 'vigie.db') } });
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await collector?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory and enrolment, end to end', () => {
  let admin = '';

  it('imports 300 schools from a Windows-1252 open-data export; a malformed file is refused line by line', async () => {
    writeFileSync(join(dir, 'etablissements.csv'), inventoryCsv());
    const ok = await collectorCli('inventory', 'import', join(dir, 'etablissements.csv'));
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("windows-1252, separator ';', columns uai=Identifiant_de_l_etablissement, name=Nom_etablissement, commune=Nom_commune");
    expect(ok.stdout).toContain('Imported 300 school(s): 300 new');

    const bad = ['Identifiant_de_l_etablissement;Nom_etablissement;Nom_commune', '0860022G;Lycée Camille Guérin;Poitiers', '0860023A;Collège faux;Poitiers', '0860024J;Lycée incomplet', '0860025K;;Chauvigny'];
    writeFileSync(join(dir, 'mauvais.csv'), iconv.encode(bad.join('\r\n'), 'win1252'));
    const refused = await collectorCli('inventory', 'import', join(dir, 'mauvais.csv'), '--strict');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("line 3: uai is invalid, check letter of '0860023A' should be 'H'");
    expect(refused.stderr).toContain('line 4: row is malformed, Invalid Record Length: expect 3, got 2');
    expect(refused.stderr).toContain('line 5: name is missing');
    expect((await collectorCli('inventory', 'list')).stdout.trim().split('\n')).toHaveLength(301);
  }, 60_000);

  it('enrols the fixture server with vigie-agent enrol: token file 0600, heartbeats accepted', async () => {
    admin = lastLine((await collectorCli('admin-tokens', 'create', 'e2e-admin', '--role', 'admin')).stdout);
    const created = await collectorCli('enrolment-keys', 'create', '--uai-prefix', '086', '--expires', inFuture(30), '--max-uses', '1');
    expect(created.code).toBe(0);
    const key = lastLine(created.stdout);
    const root = makeAgentRoot();
    const tokenFile = join(dir, 'etc-vigie', 'token');
    const enrolled = await run('vigie-agent.js', ['enrol', '--key', key, '--collector', collector!.url, '--token-file', tokenFile], { VIGIE_ROOT_DIR: root });
    expect(enrolled.stderr).toBe('');
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toContain(`Enrolled ${FIXTURE_UAI}/scribe (Collège Jean Moulin, Poitiers)`);
    expect(enrolled.stdout).toContain(`Token written to ${tokenFile} (mode 0600).`);
    expect(enrolled.stdout).toContain('Next: make sure the agent configuration has tokenFile');
    const st = statSync(tokenFile);
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe(process.getuid!());
    expect(readFileSync(tokenFile, 'utf8')).toMatch(/^vigie_[A-Za-z0-9_-]{43}\n$/);

    agent = startAgentProcess({ collectorUrl: collector!.url, token: '', rootDir: root, env: { VIGIE_TOKEN: '', VIGIE_TOKEN_FILE: tokenFile } });
    await waitFor('the agent heartbeats to be accepted', async () => {
      const res = await fetch(`${collector!.url}/api/v1/schools?status=watched`, { headers: { authorization: `Bearer ${admin}` } });
      const { schools } = (await res.json()) as { schools: { uai: string }[] };
      return schools.length === 1 && schools[0]!.uai === FIXTURE_UAI ? true : undefined;
    });
    expect(agent.lines.some((l) => l.includes('rejected'))).toBe(false);
  }, 60_000);

  it('refuses an unknown, expired or revoked key (401), a UAI outside the prefix and an identity already enrolled (403)', async () => {
    const key = async (...extra: string[]) => {
      const r = await collectorCli('enrolment-keys', 'create', ...extra);
      return { key: lastLine(r.stdout), id: /Enrolment key (\d+)/.exec(r.stdout)![1]! };
    };
    const listed = (await collectorCli('enrolment-keys', 'list')).stdout;
    expect(listed).toMatch(/\n1\tused_up\t\*\t086\t/);
    const soonExpiresMs = Date.now() + 8000; // each CLI run takes a second or two
    const soon = await key('--expires', new Date(soonExpiresMs).toISOString());
    const revoked = await key('--expires', inFuture(1));
    expect((await collectorCli('enrolment-keys', 'revoke', revoked.id)).code).toBe(0);
    const prefixed = await key('--expires', inFuture(1), '--uai-prefix', '086');
    await new Promise((r) => setTimeout(r, Math.max(0, soonExpiresMs - Date.now() + 200))); // real processes: let the short key expire

    const invalid = { code: 'ERR_ENROL_KEY_INVALID', message: 'invalid enrolment key' };
    expect((await collectorCli('enrolment-keys', 'list')).stdout).toMatch(/\n2\texpired\t/);
    const unknown = await post('/api/v1/enrol', enrolBody(`${prefixed.key}x`, '0860022G'));
    expect([unknown.status, await unknown.json()]).toEqual([401, invalid]);
    for (const k of [soon.key, revoked.key]) {
      const res = await post('/api/v1/enrol', enrolBody(k, '0861001W'));
      expect([res.status, await res.json()]).toEqual([401, invalid]);
    }
    const outside = await post('/api/v1/enrol', enrolBody(prefixed.key, '0171001B'));
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { code: string }).code).toBe('ERR_ENROL_FORBIDDEN');
    const again = await run('vigie-agent.js', ['enrol', '--key', prefixed.key, '--collector', collector!.url, '--token-file', join(dir, 'token2')], { VIGIE_ROOT_DIR: makeAgentRoot() });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`enrolment of ${FIXTURE_UAI}/scribe refused (HTTP 403 ERR_ENROL_FORBIDDEN): server ${FIXTURE_UAI}/scribe is already enrolled`);
    const refusals = (await collectorCli('audit', '--json')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; details: { reason?: string } | null })
      .filter((e) => e.action === 'server.enrol.refused')
      .map((e) => e.details?.reason);
    expect(refusals).toEqual(['unknown key', 'key expired', 'key revoked', 'uai outside prefix', 'already enrolled']);
  }, 60_000);

  it('refuses a used-up key like any other (401)', async () => {
    const created = await collectorCli('enrolment-keys', 'create', '--expires', inFuture(1), '--max-uses', '1', '--auto-approve');
    const k = lastLine(created.stdout);
    expect((await post('/api/v1/enrol', enrolBody(k, '0330001X'))).status).toBe(200);
    const res = await post('/api/v1/enrol', enrolBody(k, '0330002Y'));
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'ERR_ENROL_KEY_INVALID']);
  }, 30_000);

  it('keeps a school outside the inventory pending until a named admin approves it over the API', async () => {
    const k = lastLine((await collectorCli('enrolment-keys', 'create', '--expires', inFuture(1))).stdout);
    const res = await post('/api/v1/enrol', enrolBody(k, '0640046R'));
    expect(res.status).toBe(202);
    const pending = (await res.json()) as { token: string; requestId: number };
    const startup = (id: string) => anEvent({ messageId: id, sentAt: new Date().toISOString(), at: new Date().toISOString(), server: { uai: '0640046R', machine: 'scribe' } });
    const refused = await post('/api/v1/event', startup('00000000-0000-4000-8000-000000000001'), pending.token);
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([403, 'ERR_ENROL_PENDING']);
    const approved = await post(`/api/v1/enrolments/${pending.requestId}/approve`, {}, admin);
    expect([approved.status, await approved.json()]).toEqual([200, { message: `Enrolment ${pending.requestId} approved: 0640046R/scribe is enrolled; its agent's token now works.` }]);
    expect((await post('/api/v1/event', startup('00000000-0000-4000-8000-000000000002'), pending.token)).status).toBe(200);
  }, 30_000);

  it('answers a brute force of keys with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await post('/api/v1/enrol', enrolBody(`vigie-enrol_guess${i}`, '0861001W'))).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.at(-1)).toBe(429);
  }, 30_000);

  it('shows the 299 other schools as expected but not watched, in the metrics and on the status page', async () => {
    const metrics = await (await fetch(`${collector!.url}/metrics`)).text();
    const watched = metrics.split('\n').filter((l) => l.startsWith('scribe_school_watched{'));
    expect(watched).toHaveLength(300);
    expect(watched.filter((l) => l.endsWith(' 0'))).toHaveLength(299);
    expect(watched).toContain(`scribe_school_watched{uai="${FIXTURE_UAI}"} 1`);
    expect(metrics.split('\n').filter((l) => l.startsWith('scribe_school_info{'))).toHaveLength(300);
    expect(metrics).toContain(`scribe_school_info{uai="${FIXTURE_UAI}",name="Collège Jean Moulin",commune="Poitiers",departement="86",type="Collège"} 1`);

    if (!has('chromium')) return;
    const context = await launchChromium(join(dir, 'profile'), { httpCredentials: { username: 'ent', password: admin } });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const response = await page.goto(`${collector!.url}/status`);
      expect(response?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 2, name: 'Établissements sans serveur supervisé (299)' }).isVisible()).toBe(true);
      const rows = page.locator('table.unwatched tbody tr');
      expect(await rows.count()).toBe(299);
      expect(await page.locator('table.unwatched td.uai').allInnerTexts()).not.toContain(FIXTURE_UAI);
      expect(await rows.first().innerText()).toMatch(/^0161003\w\s+Lycée professionnel Évariste Galois n°3\s+Montmorillon\s+Lycée professionnel\s+16\s+Aucun serveur inscrit$/);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'status-page-unwatched.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);

  it('lists every action of the test in the audit log, with its actor', async () => {
    const res = await fetch(`${collector!.url}/api/v1/audit`, { headers: { authorization: `Bearer ${admin}` } });
    const { entries } = (await res.json()) as { entries: { actor: string; action: string; target: string | null }[] };
    const seen = entries.map((e) => `${e.actor} ${e.action}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `${actor} inventory.import`,
        `${actor} admin-token.create`,
        `${actor} key.create`,
        `${actor} key.revoke`,
        'key 1 server.enrol',
        'unknown key server.enrol.refused',
        'key 6 server.enrol.pending',
        'e2e-admin server.approve',
      ]),
    );
    expect(entries.find((e) => e.action === 'server.enrol' && e.target === `${FIXTURE_UAI}/scribe`)?.actor).toBe('key 1');
    const cli = await collectorCli('audit', '--since', '2000-01-01');
    expect(cli.stdout).toContain(`\te2e-admin\tserver.approve\t0640046R/scribe\t`);
  }, 30_000);
});
