// Store contract: inventory and enrolment (schools, enrolment keys, pending enrolments, admin tokens, audit)
// and UPS episodes, on both engines.
import { describe, expect, it } from 'vitest';
import type { SchoolFields } from '../../../../collector/inventory/school.ts';
import { addServer, forEachStore, MINUTE, T0 } from '../../../helpers/store-contract.ts';

const school: SchoolFields = { uai: '0860021F', name: 'Collège Jean Moulin', commune: 'Poitiers', type: 'CLG', academie: 'ac-poitiers', email: null, departement: '86' };

forEachStore((_name, open) => {
  describe('schools', () => {
    it('upsert: created, unchanged, updated, closed then reopened; list by uai', async () => {
      const store = await open();
      expect(await store.schools.get(school.uai)).toBeUndefined();
      expect(await store.schools.upsert(school, T0)).toBe('created');
      expect(await store.schools.upsert(school, T0 + 1)).toBe('unchanged');
      expect(await store.schools.upsert({ ...school, email: 'ce@ac.fr' }, T0 + 2)).toBe('updated');
      await store.schools.close(school.uai, T0 + 3);
      expect(await store.schools.get(school.uai)).toEqual({ ...school, email: 'ce@ac.fr', firstImportedAtMs: T0, updatedAtMs: T0 + 3, closedAtMs: T0 + 3 });
      expect(await store.schools.upsert({ ...school, email: 'ce@ac.fr' }, T0 + 4)).toBe('reopened');
      expect(await store.schools.get(school.uai)).toMatchObject({ closedAtMs: null, updatedAtMs: T0 + 4, firstImportedAtMs: T0 });
      await store.schools.upsert({ ...school, uai: '0170001A', departement: '17', commune: null, type: null, academie: null }, T0);
      expect((await store.schools.list()).map((s) => [s.uai, s.commune])).toEqual([['0170001A', null], ['0860021F', 'Poitiers']]);
    });
  });

  describe('enrolment keys', () => {
    const key = { keyHash: 'k1', academie: 'ac-poitiers', uaiPrefix: '086', expiresAtMs: T0 + 60 * MINUTE, maxUses: 2, autoApprove: true, createdAtMs: T0, createdBy: 'admin' };

    it('add and get round-trip; takeUse counts up to the maximum; revoke once', async () => {
      const store = await open();
      const id = await store.enrolmentKeys.add(key);
      expect(await store.enrolmentKeys.get(id)).toEqual({ ...key, id, uses: 0, revokedAtMs: null });
      expect([await store.enrolmentKeys.takeUse(id), await store.enrolmentKeys.takeUse(id), await store.enrolmentKeys.takeUse(id)]).toEqual([true, true, false]);
      expect((await store.enrolmentKeys.get(id))?.uses).toBe(2);
      expect(await store.enrolmentKeys.revoke(id, T0 + 1)).toBe(true);
      expect(await store.enrolmentKeys.revoke(id, T0 + 2)).toBe(false);
      expect(await store.enrolmentKeys.revoke(id + 1000, T0)).toBe(false);
      expect(await store.enrolmentKeys.get(id + 1000)).toBeUndefined();
    });

    it('a key without maximum takes any number of uses; list by id; hashes are unique', async () => {
      const store = await open();
      const a = await store.enrolmentKeys.add({ ...key, maxUses: null, autoApprove: false, academie: null, uaiPrefix: null });
      const b = await store.enrolmentKeys.add({ ...key, keyHash: 'k2' });
      for (let i = 0; i < 5; i++) expect(await store.enrolmentKeys.takeUse(a)).toBe(true);
      expect(await store.enrolmentKeys.list()).toEqual([
        { ...key, id: a, maxUses: null, autoApprove: false, academie: null, uaiPrefix: null, uses: 5, revokedAtMs: null },
        { ...key, id: b, keyHash: 'k2', uses: 0, revokedAtMs: null },
      ]);
      await expect(store.enrolmentKeys.add(key)).rejects.toThrow();
    });

    it('concurrent takeUse never goes past the maximum', async () => {
      const store = await open();
      const id = await store.enrolmentKeys.add({ ...key, maxUses: 3 });
      const taken = await Promise.all(Array.from({ length: 8 }, () => store.enrolmentKeys.takeUse(id)));
      expect(taken.filter(Boolean)).toHaveLength(3);
      expect((await store.enrolmentKeys.get(id))?.uses).toBe(3);
    });
  });

  describe('pending enrolments', () => {
    it('add, get, find by token, open ones per identity, decide once', async () => {
      const store = await open();
      const keyId = await store.enrolmentKeys.add({ keyHash: 'k', academie: null, uaiPrefix: null, expiresAtMs: T0, maxUses: null, autoApprove: false, createdAtMs: T0, createdBy: 'a' });
      const req = { kind: 'new' as const, uai: 'U', machine: 'm', name: 'École', academie: null, keyId, tokenHash: 't1', source: '10.0.0.1', requestedAtMs: T0 };
      const a = await store.pendingEnrolments.add(req);
      const b = await store.pendingEnrolments.add({ ...req, kind: 'reenrol', keyId: null, tokenHash: null, source: null, academie: 'ac-lyon' });
      const expected = { ...req, id: a, status: 'pending', decidedAtMs: null, decidedBy: null };
      expect(await store.pendingEnrolments.get(a)).toEqual(expected);
      expect(await store.pendingEnrolments.findByTokenHash('t1')).toEqual(expected);
      expect(await store.pendingEnrolments.findByTokenHash('t2')).toBeUndefined();
      expect((await store.pendingEnrolments.openForIdentity('U', 'm')).map((p) => p.id)).toEqual([a, b]);
      expect(await store.pendingEnrolments.decide(a, 'approved', T0 + 1, 'admin')).toBe(true);
      expect(await store.pendingEnrolments.decide(a, 'rejected', T0 + 2, 'admin')).toBe(false);
      expect(await store.pendingEnrolments.get(a)).toMatchObject({ status: 'approved', decidedAtMs: T0 + 1, decidedBy: 'admin' });
      expect((await store.pendingEnrolments.listPending()).map((p) => p.id)).toEqual([b]);
      expect(await store.pendingEnrolments.openForIdentity('U', 'other')).toEqual([]);
      await expect(store.pendingEnrolments.add(req)).rejects.toThrow();
    });
  });

  describe('admin tokens', () => {
    it('add, find active by hash, by label, revoke once (then not active), touch', async () => {
      const store = await open();
      const id = await store.adminTokens.add({ label: 'ops', role: 'admin', tokenHash: 'h', createdAtMs: T0, createdBy: 'cli:root' });
      const reader = await store.adminTokens.add({ label: 'ro', role: 'reader', tokenHash: 'h2', createdAtMs: T0, createdBy: 'ops' });
      const row = { id, label: 'ops', role: 'admin', tokenHash: 'h', createdAtMs: T0, createdBy: 'cli:root', revokedAtMs: null, lastUsedAtMs: null };
      expect(await store.adminTokens.findActiveByHash('h')).toEqual(row);
      await store.adminTokens.touch(id, T0 + 5);
      expect(await store.adminTokens.findByLabel('ops')).toEqual({ ...row, lastUsedAtMs: T0 + 5 });
      expect(await store.adminTokens.revoke(id, T0 + 6)).toBe(true);
      expect(await store.adminTokens.revoke(id, T0 + 7)).toBe(false);
      expect(await store.adminTokens.findActiveByHash('h')).toBeUndefined();
      expect(await store.adminTokens.findByLabel('nobody')).toBeUndefined();
      expect((await store.adminTokens.list()).map((t) => [t.id, t.revokedAtMs])).toEqual([[id, T0 + 6], [reader, null]]);
      await expect(store.adminTokens.add({ label: 'ops', role: 'reader', tokenHash: 'h3', createdAtMs: T0, createdBy: 'x' })).rejects.toThrow();
    });
  });

  describe('audit log', () => {
    it('record and list since an instant, oldest first (ties by id), limited; details round-trip', async () => {
      const store = await open();
      const a = await store.audit.record({ atMs: T0 + 2, actor: 'ops', action: 'key.create', target: 'key 1', details: { maxUses: 3, nested: { ok: true } } });
      const b = await store.audit.record({ atMs: T0 + 1, actor: 'cli:root', action: 'inventory.import' });
      const c = await store.audit.record({ atMs: T0 + 2, actor: 'ops', action: 'server.approve', target: null, details: null });
      expect(await store.audit.list(T0, 10)).toEqual([
        { id: b, atMs: T0 + 1, actor: 'cli:root', action: 'inventory.import', target: null, details: null },
        { id: a, atMs: T0 + 2, actor: 'ops', action: 'key.create', target: 'key 1', details: { maxUses: 3, nested: { ok: true } } },
        { id: c, atMs: T0 + 2, actor: 'ops', action: 'server.approve', target: null, details: null },
      ]);
      expect((await store.audit.list(T0 + 2, 1)).map((e) => e.id)).toEqual([a]);
    });
  });

  describe('UPS episodes', () => {
    it('open (one open per server), low battery once, close once; episodesOf by start', async () => {
      const store = await open();
      const s = await addServer(store);
      expect(await store.ups.openEpisode(s)).toBeUndefined();
      const e = { serverId: s, upsName: 'eaton@localhost', startedAtMs: T0, chargeRatio: 0.87, runtimeSeconds: 1234.5, lowBatteryAtMs: null, notifiedSeverity: 'warning' as const };
      const id = await store.ups.open(e);
      expect(await store.ups.openEpisode(s)).toEqual({ ...e, id, endedAtMs: null });
      await expect(store.ups.open({ ...e, startedAtMs: T0 + 1 })).rejects.toThrow();
      await store.ups.markLowBattery(id, T0 + 5);
      await store.ups.markLowBattery(id, T0 + 6);
      await store.ups.close(id, T0 + 10);
      await store.ups.close(id, T0 + 11);
      expect(await store.ups.episode(id)).toEqual({ ...e, id, lowBatteryAtMs: T0 + 5, endedAtMs: T0 + 10 });
      expect(await store.ups.openEpisode(s)).toBeUndefined();
      const earlier = await store.ups.open({ ...e, startedAtMs: T0 - 100, chargeRatio: null, runtimeSeconds: null, notifiedSeverity: null });
      expect((await store.ups.episodesOf(s)).map((x) => x.id)).toEqual([earlier, id]);
      expect(await store.ups.episode(id + earlier + 1000)).toBeUndefined();
    });
  });
});
