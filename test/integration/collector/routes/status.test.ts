/**
 * `GET /status` through `inject`: servers driven to every state by the real ingest services and the liveness
 * sweep (FakeClock), window « Bascule 2025 » active except for two excluded schools.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../../collector/app.ts';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { enrolServer } from '../../../../collector/enrolment.ts';
import { createAppDeps } from '../../../../collector/composition.ts';
import { createLivenessSweep } from '../../../../collector/services/liveness-sweep.ts';
import { openDatabase } from '../../../../collector/storage/database.ts';
import { createStore, type Store } from '../../../../collector/storage/store.ts';
import { aHeartbeat, anEvent } from '../../../../shared/testing/messages.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import type { FastifyInstance } from 'fastify';

const ADMIN = 'status-admin-token-0123456789';
const READER = 'status-reader-token-0123456789';
const YAML = `
adminToken: ${ADMIN}
reports: { readerToken: ${READER} }
liveness:
  windows:
    - name: Bascule 2025
      from: 2025-07-05
      to: 2025-09-12
      exceptions: [{ uai: 0170001J, exclude: true }, { uai: 0170002K, exclude: true }]
`;
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

let app: FastifyInstance;
let store: Store;
let clock: FakeClock;
let close: () => Promise<void>;

beforeEach(async () => {
  const tokens = new Map<string, string>();
  const config = loadCollectorConfig({ file: 'collector.yaml', readFile: () => YAML, env: { VIGIE_COLLECTOR_DATABASE: ':memory:' } });
  clock = new FakeClock('2025-07-10T08:00:00Z'); // 10:00 in Paris
  const db = openDatabase(':memory:');
  store = createStore(db);
  app = buildApp(createAppDeps(config, { clock, store }));
  await app.ready();
  close = async () => {
    await app.close();
    db.close();
  };
  const sweep = () => createLivenessSweep({ store, settings: config.livenessSettings }).sweepOnce(clock.now());
  const enrol = async (uai: string, machine: string, name: string, academie = 'ac-poitiers') =>
    tokens.set(`${uai}/${machine}`, (await enrolServer(store, { uai, machine, name, academie }, clock.now())).token);
  const push = async (kind: 'heartbeat' | 'event', uai: string, machine: string, body: object) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/${kind}`,
      headers: { authorization: `Bearer ${tokens.get(`${uai}/${machine}`)}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...body, server: { uai, machine }, sentAt: clock.now().toISOString() }),
    });
    expect(res.statusCode).toBe(200);
  };
  const beat = (uai: string, machine: string) => {
    const hb = aHeartbeat();
    return push('heartbeat', uai, machine, { ...hb, eole: { ...hb.eole, academy: uai.startsWith('033') ? 'ac-bordeaux' : 'ac-poitiers' } });
  };

  await enrol('0860021F', 'scribe', 'Collège Jean Moulin'); // in the window, dies: power cut
  await enrol('0860022G', 'scribe', 'Lycée Camille Guérin'); // in the window, both servers die: whole school
  await enrol('0860022G', 'amon', 'Lycée Camille Guérin');
  await enrol('0170001J', 'scribe', 'Collège <b>Fromentin</b> & "Cie"', 'ac-poitiers'); // excluded, dies
  await enrol('0170002K', 'scribe', 'Lycée Merleau-Ponty'); // excluded, announced shutdown
  await enrol('0170003L', 'scribe', 'Collège Pierre Loti'); // late
  await enrol('0170004M', 'scribe', 'Collège Jamain'); // never reported
  await enrol('0330001X', 'scribe', 'Lycée Montaigne', 'ac-bordeaux'); // online
  await enrol('0330001X', 'scribe2', 'Lycée Montaigne', 'ac-bordeaux'); // online
  await enrol('0860023H', 'scribe', 'Collège Ronsard'); // online

  for (const id of ['0860021F/scribe', '0860022G/scribe', '0860022G/amon', '0170001J/scribe', '0170002K/scribe']) {
    const [uai, machine] = id.split('/') as [string, string];
    await beat(uai, machine);
  }
  await push('event', '0170002K', 'scribe', anEvent({ type: 'shutdown', reason: 'SIGTERM', at: clock.now().toISOString() }));
  clock.advance(20 * 60_000);
  await beat('0170003L', 'scribe'); // 10:20 in Paris
  clock.advance(2 * 60_000); // 10:22 in Paris: 22 min after the deaths, 2 min after the late one's heartbeat
  for (const id of ['0330001X/scribe', '0330001X/scribe2', '0860023H/scribe']) {
    const [uai, machine] = id.split('/') as [string, string];
    await beat(uai, machine);
  }
  await sweep();
});
afterEach(async () => close());

const get = (url: string, headers: Record<string, string> = basic('ent', READER)) => app.inject({ method: 'GET', url, headers });
/** The text of every cell of the attention table, one array per row. */
function attentionRows(html: string): string[][] {
  const table = /<table class="attention">.*?<tbody>(.*?)<\/tbody>/s.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => c[1]!.replace(/<span class="lasting">/g, ' | ').replace(/<[^>]+>/g, '')),
  );
}

describe('GET /status', () => {
  it('lists the servers needing attention worst first, with local times, durations, causes and silences', async () => {
    // Arrange: a silence on the whole school 0860021F until 18:00 Paris
    const silence = await app.inject({
      method: 'POST', url: '/api/v1/silences', headers: { authorization: `Bearer ${ADMIN}` },
      payload: { uai: '0860021F', endsAt: '2025-07-10T18:00:00+02:00', reason: 'travaux électriques' },
    });
    expect(silence.statusCode).toBe(201);

    // Act
    const res = await get('/status');

    // Assert
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<meta http-equiv="refresh" content="30">');
    expect(res.body).toContain('<h1>État du parc Scribe</h1>');
    expect(attentionRows(res.body)).toEqual([
      ['Éteint pendant la période', '0860021F', 'Collège Jean Moulin', 'scribe', '10:00 | depuis 22 min', 'Coupure de courant ou plantage', 'Silence jusqu&#39;à 18:00'],
      ['Injoignable pendant la période', '0860022G', 'Lycée Camille Guérin', 'amon', '10:00 | depuis 22 min', 'Coupure de tout l&#39;établissement', ''],
      ['Injoignable pendant la période', '0860022G', 'Lycée Camille Guérin', 'scribe', '10:00 | depuis 22 min', 'Coupure de tout l&#39;établissement', ''],
      ['Éteint', '0170001J', 'Collège &lt;b&gt;Fromentin&lt;/b&gt; &amp; &quot;Cie&quot;', 'scribe', '10:00 | depuis 22 min', 'Coupure de courant ou plantage', ''],
      ['Éteint (arrêt annoncé)', '0170002K', 'Lycée Merleau-Ponty', 'scribe', '10:00 | depuis 22 min', 'Arrêt annoncé', ''],
      ['En retard', '0170003L', 'Collège Pierre Loti', 'scribe', '10:20 | depuis 2 min', '—', ''],
      ['Jamais connecté', '0170004M', 'Collège Jamain', 'scribe', '10:00 | depuis 22 min', '—', ''],
    ]);
  });

  it('shows the headline counts, the active window and the online servers grouped by académie and school', async () => {
    const res = await get('/status');
    const card = (label: string) => new RegExp(`<div class="label">${label}</div><div class="value">(\\d+)</div>`).exec(res.body)?.[1];
    expect([card('En ligne'), card('En retard'), card('Injoignables'), card('Éteints \\(arrêt annoncé\\)'), card('Jamais connectés')]).toEqual(['3', '1', '4', '1', '1']);
    expect(res.body).toContain('7 serveurs sur 10 demandent de l&#39;attention.');
    expect(res.body).toContain('Période de maintenance « Bascule 2025 » en cours</strong> : elle se termine le samedi 13 septembre 2025 à 00:00 (Europe/Paris), dans 64 j 13 h.');
    const online = res.body.slice(res.body.indexOf('Serveurs en ligne (3)'));
    expect(online.indexOf('<h3>ac-bordeaux</h3>')).toBeLessThan(online.indexOf('<h3>ac-poitiers</h3>'));
    expect(online).toContain('<span class="uai">0330001X</span> <span class="school">Lycée Montaigne</span> — <span class="machines">scribe, scribe2</span>');
    expect(online).toContain('<span class="uai">0860023H</span> <span class="school">Collège Ronsard</span>');
  });

  it('never lets a school name become markup', async () => {
    const res = await get('/status');
    expect(res.body).not.toContain('<b>Fromentin</b>');
    expect(res.body).toContain('Collège &lt;b&gt;Fromentin&lt;/b&gt; &amp; &quot;Cie&quot;');
  });

  it('?uai= restricts the page to one school; the window follows that school (excluded here)', async () => {
    const res = await get('/status?uai=0170001j');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Établissement 0170001J — Collège &lt;b&gt;Fromentin&lt;/b&gt;');
    expect(attentionRows(res.body).map((r) => `${r[1]} ${r[3]}`)).toEqual(['0170001J scribe']);
    expect(res.body).toContain('Aucune période de maintenance en cours.');
    expect(res.body).toContain('Aucun serveur en ligne.');
  });

  it.each([
    { query: '?uai=123', status: 400, fragment: 'querystring/uai: must match pattern "^\\s*[0-9]{7}[A-Za-z]\\s*$", expected a school code of 7 digits and its check letter' },
    { query: '?uai=0860021A', status: 400, fragment: "check letter of '0860021A' should be 'F'" },
    { query: '?school=0860021F', status: 400, fragment: 'querystring/school: is not an allowed field (allowed: uai)' },
    { query: '?uai=0860099R', status: 404, fragment: 'no server is enrolled for school 0860099R' },
  ])('answers $status for $query, naming the parameter', async ({ query, status, fragment }) => {
    const res = await get(`/status${query}`);
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toContain(fragment);
  });
});

describe('GET /status authentication', () => {
  it.each([
    { name: 'Basic, reader token as password, any user name', headers: basic('n.importe.qui', READER), status: 200 },
    { name: 'Basic, admin token as password, empty user name', headers: basic('', ADMIN), status: 200 },
    { name: 'Bearer reader token', headers: { authorization: `Bearer ${READER}` }, status: 200 },
    { name: 'Bearer admin token', headers: { authorization: `Bearer ${ADMIN}` }, status: 200 },
    { name: 'no credentials', headers: {}, status: 401, code: 'ERR_AUTH_MISSING' },
    { name: 'Basic with a wrong password', headers: basic('ent', 'wrong-wrong-wrong-wrong'), status: 401, code: 'ERR_AUTH_INVALID' },
    { name: 'Basic with the token as user name', headers: basic(READER, ''), status: 401, code: 'ERR_AUTH_INVALID' },
    { name: 'Basic that is not base64', headers: { authorization: 'Basic !!!' }, status: 401, code: 'ERR_AUTH_INVALID' },
  ])('$name → $status', async ({ headers, status, code }) => {
    const res = await get('/status', headers);
    expect(res.statusCode).toBe(status);
    if (status === 401) {
      expect(res.headers['www-authenticate']).toBe('Basic realm="Vigie", charset="UTF-8"');
      expect(res.json().code).toBe(code);
    } else {
      expect(res.headers['www-authenticate']).toBeUndefined();
    }
  });

  it('the reports take the same Basic credentials', async () => {
    const ok = await app.inject({ method: 'GET', url: '/api/v1/reports/availability?window=Bascule%202025&format=html', headers: basic('ent', READER) });
    expect(ok.statusCode).toBe(200);
    const refused = await app.inject({ method: 'GET', url: '/api/v1/reports/availability?window=Bascule%202025' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Basic realm="Vigie", charset="UTF-8"');
  });
});
