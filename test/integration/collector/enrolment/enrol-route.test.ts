// POST /api/v1/enrol on the real app (in-memory SQLite, FakeClock): accepted enrolments, every refusal, the
// pending path, and the per-address rate limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrolmentKey, revokeEnrolmentKey } from '../../../../collector/enrolment/enrolment-keys.ts';
import { aHeartbeat } from '../../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp;
const DAY = 86_400_000;

beforeEach(async () => {
  t = await buildTestApp({});
  await t.store.schools.upsert({ uai: '0860021F', name: 'Collège Jean Moulin', commune: 'Poitiers', type: 'Collège', academie: 'Poitiers', email: null, departement: '86' }, 0);
  await t.store.schools.upsert({ uai: '0170001J', name: 'Collège Eugène Fromentin', commune: 'La Rochelle', type: 'Collège', academie: 'Poitiers', email: null, departement: '17' }, 0);
});
afterEach(() => t.close());

const newKey = (opts: { uaiPrefix?: string; maxUses?: number; autoApprove?: boolean; days?: number } = {}) =>
  createEnrolmentKey(t.store, { expiresAt: new Date(t.clock.now().getTime() + (opts.days ?? 30) * DAY), autoApprove: opts.autoApprove ?? false, uaiPrefix: opts.uaiPrefix, maxUses: opts.maxUses }, 'cli:test', t.clock.now());

const enrol = (key: string, uai: string, machine = 'scribe', remoteAddress = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/enrol',
    remoteAddress,
    payload: { schemaVersion: '1.0', agentVersion: '0.1.0', enrolmentKey: key, server: { uai, machine }, eole: { establishment: 'Lycée hors inventaire' } },
  });

const beat = (token: string, uai: string, machine = 'scribe') =>
  t.app.inject({ method: 'POST', url: '/api/v1/heartbeat', headers: { authorization: `Bearer ${token}` }, payload: { ...aHeartbeat(), server: { uai, machine } } });

describe('POST /api/v1/enrol', () => {
  it('enrols a school of the inventory at once; the token is accepted by the ingest', async () => {
    const { key } = await newKey({ uaiPrefix: '086', maxUses: 5 });
    const res = await enrol(key, '0860021F');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'enrolled', server: { uai: '0860021F', machine: 'scribe' }, school: { name: 'Collège Jean Moulin', commune: 'Poitiers' } });
    expect((await beat(body.token, '0860021F')).statusCode).toBe(200);
    expect((await t.store.servers.findByIdentity('0860021F', 'scribe'))!.name).toBe('Collège Jean Moulin');
    expect((await t.store.enrolmentKeys.list())[0]!.uses).toBe(1);
  });

  it('answers 401 alike for an unknown, expired, revoked or used-up key, and audits the real reason', async () => {
    const used = await newKey({ maxUses: 1 });
    expect((await enrol(used.key, '0860021F')).statusCode).toBe(200);
    const expired = await newKey({ days: 1 });
    const revoked = await newKey();
    await revokeEnrolmentKey(t.store, revoked.id, 'cli:test', t.clock.now());
    t.clock.advance(2 * DAY);
    const answers = await Promise.all(
      ['vigie-enrol_nope', expired.key, revoked.key, used.key].map(async (k) => {
        const r = await enrol(k, '0170001J');
        return [r.statusCode, r.json()];
      }),
    );
    for (const a of answers) expect(a).toEqual([401, { code: 'ERR_ENROL_KEY_INVALID', message: 'invalid enrolment key' }]);
    const reasons = (await t.store.audit.list(0, 100)).filter((e) => e.action === 'server.enrol.refused').map((e) => [e.actor, e.details?.['reason']]);
    expect(reasons).toEqual([
      ['unknown key', 'unknown key'],
      [`key ${expired.id}`, 'key expired'],
      [`key ${revoked.id}`, 'key revoked'],
      [`key ${used.id}`, 'key used_up'],
    ]);
  });

  it('refuses a UAI outside the key prefix, and an identity already enrolled (403)', async () => {
    const { key } = await newKey({ uaiPrefix: '086' });
    const outside = await enrol(key, '0170001J');
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toEqual({ code: 'ERR_ENROL_FORBIDDEN', message: 'this enrolment key does not cover school 0170001J (it is limited to UAIs starting with 086)' });
    expect((await enrol(key, '0860021F')).statusCode).toBe(200);
    const again = await enrol(key, '0860021F');
    expect(again.statusCode).toBe(403);
    expect(again.json().message).toMatch(/already enrolled; if it was reinstalled, an administrator approves its re-enrolment/);
    expect(await t.store.pendingEnrolments.listPending()).toEqual([expect.objectContaining({ kind: 'reenrol', uai: '0860021F', machine: 'scribe' })]);
  });

  it('keeps a school missing from the inventory pending: 202, pushes refused until approved; --auto-approve enrols it', async () => {
    const { key } = await newKey();
    const res = await enrol(key, '0330001X');
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ status: 'pending', school: null, requestId: 1 });
    const push = await beat(body.token, '0330001X');
    expect(push.statusCode).toBe(403);
    expect(push.json().code).toBe('ERR_ENROL_PENDING');
    const auto = await newKey({ autoApprove: true });
    expect((await enrol(auto.key, '0330002Y')).json()).toMatchObject({ status: 'enrolled', school: null });
    expect((await t.store.servers.findByIdentity('0330002Y', 'scribe'))!.name).toBe('Lycée hors inventaire');
  });

  it('rate-limits per source address (429) and forgets it when the window passes', async () => {
    const limited = await buildTestApp({});
    try {
      const tries = [];
      for (let i = 0; i < 11; i += 1) {
        tries.push((await limited.app.inject({ method: 'POST', url: '/api/v1/enrol', remoteAddress: '10.9.9.9', payload: { schemaVersion: '1.0', agentVersion: '0.1.0', enrolmentKey: `guess-${i}`, server: { uai: '0860021F', machine: 'scribe' } } })).statusCode);
      }
      expect(tries).toEqual([...Array<number>(10).fill(401), 429]);
      const other = await limited.app.inject({ method: 'POST', url: '/api/v1/enrol', remoteAddress: '10.9.9.8', payload: { schemaVersion: '1.0', agentVersion: '0.1.0', enrolmentKey: 'x', server: { uai: '0860021F', machine: 'scribe' } } });
      expect(other.statusCode).toBe(401);
      const blocked = await limited.app.inject({ method: 'POST', url: '/api/v1/enrol', remoteAddress: '10.9.9.9', payload: {} });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toEqual({ code: 'ERR_RATE_LIMITED', message: expect.stringMatching(/^too many enrolment requests from this address: at most 10 per 60 s; retry in \d+ s$/) });
      limited.clock.advance(61_000);
      expect((await limited.app.inject({ method: 'POST', url: '/api/v1/enrol', remoteAddress: '10.9.9.9', payload: {} })).statusCode).toBe(400);
    } finally {
      await limited.close();
    }
  });

  it('names the bad field of a malformed request (400), never 5xx', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { schemaVersion: '1.0', agentVersion: '0.1.0', enrolmentKey: 'k', server: { uai: '086', machine: 'scribe' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_REQUEST_INVALID', message: expect.stringMatching(/^body\/server\/uai: must match pattern/) });
  });
});
