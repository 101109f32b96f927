// What is expected against what is watched, through the API, the metrics and the status page; named admin
// and reader tokens; the audit log over HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminToken, revokeAdminToken } from '../../../../collector/auth/admin-tokens.ts';
import { aHeartbeat } from '../../../../shared/testing/messages.ts';
import { ADMIN_TOKEN, buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const school = (uai: string, name: string, commune: string, departement = '86') =>
  t.store.schools.upsert({ uai, name, commune, type: 'Collège', academie: 'Poitiers', email: null, departement }, 0);

beforeEach(async () => {
  t = await buildTestApp({});
  await school('0860021F', 'Collège Jean Moulin', 'Poitiers');
  await school('0860022G', 'Lycée Camille Guérin', 'Poitiers');
  await school('0170001J', 'Collège Fromentin', 'La Rochelle', '17');
  const token = await t.enrol('0860021F', 'scribe');
  await t.enrol('0860022G', 'scribe');
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/heartbeat', headers: { authorization: `Bearer ${token}` }, payload: { ...aHeartbeat(), server: { uai: '0860021F', machine: 'scribe' } } });
  expect(res.statusCode).toBe(200);
});
afterEach(() => t.close());

describe('expected and watched', () => {
  it('GET /api/v1/schools says which schools are watched, never heard from, or without a server', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/schools', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().schools.map((s: { uai: string; status: string }) => [s.uai, s.status])).toEqual([
      ['0170001J', 'no_server'],
      ['0860021F', 'watched'],
      ['0860022G', 'never_heard'],
    ]);
    const filtered = await t.app.inject({ method: 'GET', url: '/api/v1/schools?status=no_server&departement=17', headers: admin });
    expect(filtered.json().schools).toEqual([expect.objectContaining({ uai: '0170001J', name: 'Collège Fromentin', commune: 'La Rochelle', departement: '17', servers: [] })]);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/schools?status=lost', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('ERR_REQUEST_INVALID');
    expect(bad.json().message).toMatch(/^querystring\/status/);
  });

  it('GET /api/v1/servers lists the unwatched schools too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/servers', headers: admin });
    expect(res.json().unwatchedSchools.map((s: { uai: string; status: string }) => [s.uai, s.status])).toEqual([
      ['0170001J', 'no_server'],
      ['0860022G', 'never_heard'],
    ]);
  });

  it('exposes scribe_school_info and scribe_school_watched', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toContain('scribe_school_info{uai="0170001J",name="Collège Fromentin",commune="La Rochelle",departement="17",type="Collège"} 1');
    expect(body).toContain('scribe_school_watched{uai="0860021F"} 1');
    expect(body).toContain('scribe_school_watched{uai="0860022G"} 0');
    expect(body).toContain('scribe_school_watched{uai="0170001J"} 0');
  });

  it('shows « Établissements sans serveur supervisé » on the status page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/status', headers: admin });
    expect(res.body).toContain('<h2>Établissements sans serveur supervisé (2)</h2>');
    expect(res.body).toContain('<td class="school">Collège Fromentin</td><td class="commune">La Rochelle</td>');
    expect(res.body).toContain('Serveur inscrit, jamais connecté (scribe)');
    const one = await t.app.inject({ method: 'GET', url: '/status?uai=0170001J', headers: admin });
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('Aucun serveur inscrit');
  });
});

describe('named admin tokens and the audit log', () => {
  it('accepts named tokens by role, refuses revoked ones, and audits who did what', async () => {
    const { token: marie } = await createAdminToken(t.store, { label: 'marie.dane', role: 'admin' }, 'cli:root', t.clock.now());
    const { token: reader } = await createAdminToken(t.store, { label: 'tableau-de-bord', role: 'reader' }, 'cli:root', t.clock.now());
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/schools', headers: { authorization: `Bearer ${marie}` } })).statusCode).toBe(200);
    const asReader = await t.app.inject({ method: 'GET', url: '/api/v1/schools', headers: { authorization: `Bearer ${reader}` } });
    expect(asReader.statusCode).toBe(403);
    expect(asReader.json().message).toBe("token 'tableau-de-bord' is a reader token; this needs an admin token");
    expect((await t.app.inject({ method: 'GET', url: '/status', headers: { authorization: `Bearer ${reader}` } })).statusCode).toBe(200);
    await revokeAdminToken(t.store, 'marie.dane', 'cli:root', t.clock.now());
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/schools', headers: { authorization: `Bearer ${marie}` } })).statusCode).toBe(401);
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit?since=2025-01-01', headers: admin });
    expect(audit.statusCode).toBe(200);
    expect(audit.json().entries.map((e: { actor: string; action: string; target: string }) => [e.actor, e.action, e.target])).toEqual([
      ['cli:root', 'admin-token.create', 'marie.dane'],
      ['cli:root', 'admin-token.create', 'tableau-de-bord'],
      ['cli:root', 'admin-token.revoke', 'marie.dane'],
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit?since=hier', headers: admin })).statusCode).toBe(400);
  });
});
