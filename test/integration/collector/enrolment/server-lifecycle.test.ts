// The administrator's side: approve/reject pending enrolments, approved re-enrolment, rotation with a grace
// delay, revocation, and the bulk enrolment of the inventory into a 0600 tokens file.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runServersCommand } from '../../../../collector/commands/servers.ts';
import { createEnrolmentKey } from '../../../../collector/enrolment/enrolment-keys.ts';
import { aHeartbeat } from '../../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp;
let dir: string;
const out: string[] = [];
const cli = (...args: string[]) => runServersCommand(args, { store: t.store, clock: t.clock, io: { out: (l) => out.push(l) }, actor: 'cli:ent' });
const school = (uai: string, name: string) => t.store.schools.upsert({ uai, name, commune: 'Poitiers', type: 'Collège', academie: 'Poitiers', email: null, departement: '86' }, 0);

beforeEach(async () => {
  t = await buildTestApp({});
  dir = mkdtempSync(join(tmpdir(), 'vigie-lifecycle-'));
  out.length = 0;
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const key = async () => (await createEnrolmentKey(t.store, { expiresAt: new Date(t.clock.now().getTime() + 86_400_000), autoApprove: false }, 'cli:ent', t.clock.now())).key;
const enrol = (k: string, uai: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { schemaVersion: '1.0', agentVersion: '0.1.0', enrolmentKey: k, server: { uai, machine: 'scribe' } } });
const beat = async (token: string, uai: string) =>
  (await t.app.inject({ method: 'POST', url: '/api/v1/heartbeat', headers: { authorization: `Bearer ${token}` }, payload: { ...aHeartbeat(), server: { uai, machine: 'scribe' } } })).statusCode;

describe('server life cycle', () => {
  it('approves a pending enrolment: the token the agent holds starts working', async () => {
    const pending = (await enrol(await key(), '0330001X')).json();
    await cli('pending');
    expect(out[1]).toMatch(/^1\tnew\t0330001X\tscribe\tÉtablissement 0330001X\t/);
    await cli('approve', '1');
    expect(await beat(pending.token, '0330001X')).toBe(200);
    await expect(cli('reject', '1')).rejects.toThrow(/enrolment 1 was already approved by cli:ent/);
  });

  it('rejects a pending enrolment: the token never works', async () => {
    const pending = (await enrol(await key(), '0330001X')).json();
    await cli('reject', '1');
    expect(await beat(pending.token, '0330001X')).toBe(401);
  });

  it('lets a reinstalled server enrol again once an administrator approved it', async () => {
    await school('0860021F', 'Collège Jean Moulin');
    const k = await key();
    const first = (await enrol(k, '0860021F')).json();
    expect((await enrol(k, '0860021F')).statusCode).toBe(403);
    await cli('approve', '1');
    const second = await enrol(k, '0860021F');
    expect(second.statusCode).toBe(200);
    expect(await beat(second.json().token, '0860021F')).toBe(200);
    expect(await beat(first.token, '0860021F')).toBe(401);
  });

  it('rotates with a grace delay: the old token works until the new one is used', async () => {
    const old = await t.enrol('0860021F', 'scribe');
    await cli('rotate', '0860021F', 'scribe', '--grace', '2d');
    const fresh = out[1]!;
    expect(await beat(old, '0860021F')).toBe(200);
    expect(await beat(fresh, '0860021F')).toBe(200);
    expect(await beat(old, '0860021F')).toBe(401);
  });

  it('rotates with a grace delay: the old token stops when the delay passes', async () => {
    const old = await t.enrol('0860021F', 'scribe');
    await cli('rotate', '0860021F', 'scribe', '--grace', '12h');
    t.clock.advance(12 * 3_600_000 + 1);
    expect(await beat(old, '0860021F')).toBe(401);
  });

  it('revokes a server: its pushes are refused', async () => {
    const token = await t.enrol('0860021F', 'scribe');
    await cli('revoke', '0860021F', 'scribe');
    expect(await beat(token, '0860021F')).toBe(403);
  });

  it('enrols every expected server of the inventory into a 0600 tokens file, once', async () => {
    await school('0860021F', 'Collège Jean Moulin');
    await school('0860022G', 'Lycée Camille Guérin');
    await school('0170001J', 'Collège Fromentin');
    await t.enrol('0860022G', 'scribe');
    const file = join(dir, 'tokens.csv');
    await cli('add', '--from-inventory', '--uai-prefix', '086', '--out', file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('uai,machine,token');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['0860021F,scribe']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await beat(lines[1]!.split(',')[2]!, '0860021F')).toBe(200);
  });

  it('audits every action with its actor', async () => {
    await t.enrol('0860021F', 'scribe');
    await cli('rotate', '0860021F', 'scribe');
    await cli('revoke', '0860021F', 'scribe');
    expect((await t.store.audit.list(0, 10)).map((e) => [e.actor, e.action, e.target])).toEqual([
      ['cli:ent', 'server.rotate', '0860021F/scribe'],
      ['cli:ent', 'server.revoke', '0860021F/scribe'],
    ]);
  });
});
