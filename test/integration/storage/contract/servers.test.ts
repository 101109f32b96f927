// Store contract: servers (enrolment, identity, heartbeat cursor, received message ids), server tokens
// (rotation with grace, replacement, re-enrolment permission) and collector instances, on both engines.
import { describe, expect, it } from 'vitest';
import { aHeartbeat } from '../../../../shared/testing/messages.ts';
import { addServer, forEachStore, MINUTE, T0 } from '../../../helpers/store-contract.ts';

forEachStore((_name, open) => {
  describe('servers', () => {
    it('adds a server and finds it by id, identity and token hash, with its liveness row created', async () => {
      const store = await open();
      const id = await store.servers.add({ uai: '0860021F', machine: 'scribe', name: 'Jean Moulin', academie: 'ac-poitiers', tokenHash: 'h1', enrolledAtMs: T0 });
      const expected = {
        id, uai: '0860021F', machine: 'scribe', name: 'Jean Moulin', academie: 'ac-poitiers', enrolledAtMs: T0, retiredAtMs: null,
        lastSeenAtMs: null, lastHeartbeatSentAtMs: null, bootAtMs: null, lastHeartbeat: null,
      };
      expect(typeof id).toBe('number');
      expect(await store.servers.findById(id)).toEqual(expected);
      expect(await store.servers.findByIdentity('0860021F', 'scribe')).toEqual(expected);
      expect(await store.servers.findByTokenHash('h1')).toEqual({ server: expected, hasPreviousToken: false });
      expect(await store.servers.findByTokenHash('nope')).toBeUndefined();
      expect(await store.servers.findById(id + 1000)).toBeUndefined();
      expect(await store.liveness.get(id)).toMatchObject({ serverId: id, state: 'unknown', stateSinceMs: T0, version: 0, lateAtMs: null, offlineAtMs: null });
    });

    it('refuses a second server with the same (uai, machine) or the same token hash', async () => {
      const store = await open();
      await store.servers.add({ uai: 'U1', machine: 'm', name: 'n', tokenHash: 'h1', enrolledAtMs: T0 });
      await expect(store.servers.add({ uai: 'U1', machine: 'm', name: 'n', tokenHash: 'h2', enrolledAtMs: T0 })).rejects.toThrow();
      await expect(store.servers.add({ uai: 'U2', machine: 'm', name: 'n', tokenHash: 'h1', enrolledAtMs: T0 })).rejects.toThrow();
      expect((await store.servers.list()).map((s) => s.uai)).toEqual(['U1']);
    });

    it('lists servers by uai then machine; academie null when not given', async () => {
      const store = await open();
      await addServer(store, { uai: 'B', machine: 'amon' });
      await addServer(store, { uai: 'A', machine: 'zeta' });
      await addServer(store, { uai: 'A', machine: 'alpha' });
      const list = await store.servers.list();
      expect(list.map((s) => `${s.uai}/${s.machine}`)).toEqual(['A/alpha', 'A/zeta', 'B/amon']);
      expect(list.map((s) => s.academie)).toEqual([null, null, null]);
    });

    it('sorts text byte-wise, as SQLite does: upper case before lower case, punctuation by its code', async () => {
      const store = await open();
      for (const machine of ['scribe1', 'amon', 'Scribe', 'scribe-2', 'scribe', 'B']) await addServer(store, { uai: 'U', machine });
      await addServer(store, { uai: 'a', machine: 'x' });
      const expected = ['U/B', 'U/Scribe', 'U/amon', 'U/scribe', 'U/scribe-2', 'U/scribe1', 'a/x'];
      expect((await store.servers.list()).map((s) => `${s.uai}/${s.machine}`)).toEqual(expected);
      expect((await store.liveness.list()).map((s) => `${s.uai}/${s.machine}`)).toEqual(expected);
      for (const id of ['b', 'B', 'a-1', 'a1']) await store.instances.recordSweep(id, T0, T0);
      expect((await store.instances.list()).map((i) => i.instanceId)).toEqual(['B', 'a-1', 'a1', 'b']);
    });

    it('rotates a token (un-retiring the server) and retires', async () => {
      const store = await open();
      const id = await addServer(store);
      await store.servers.retire(id, T0 + MINUTE);
      expect((await store.servers.findById(id))?.retiredAtMs).toBe(T0 + MINUTE);
      await store.servers.rotateToken(id, 'fresh');
      expect((await store.servers.findByTokenHash('fresh'))?.server).toMatchObject({ id, retiredAtMs: null });
    });

    it('recordHeartbeat skips the same id and a late retry, takes a newer one and a clock set far back', async () => {
      const store = await open();
      const id = await addServer(store);
      const at = (ms: number) => new Date(T0 + ms).toISOString();
      const first = aHeartbeat({ sentAt: at(0) });
      expect(await store.servers.recordHeartbeat(id, first, T0, 600_000)).toBe(true);
      expect(await store.servers.recordHeartbeat(id, first, T0 + 1, 600_000)).toBe(false);
      expect(await store.servers.recordHeartbeat(id, aHeartbeat({ sentAt: at(-60_000) }), T0 + 2, 600_000)).toBe(false);
      expect(await store.servers.recordHeartbeat(id, aHeartbeat({ sentAt: at(60_000) }), T0 + 3, 600_000)).toBe(true);
      const setBack = aHeartbeat({ sentAt: at(-3_600_000) });
      expect(await store.servers.recordHeartbeat(id, setBack, T0 + 4, 600_000)).toBe(true);
      expect(await store.servers.findById(id)).toMatchObject({ lastSeenAtMs: T0 + 4, lastHeartbeatSentAtMs: T0 - 3_600_000, lastHeartbeat: setBack });
    });

    it('findByTokenHash: the server and whether a rotated-out token is in its grace delay', async () => {
      const store = await open();
      const id = await addServer(store);
      const server = await store.servers.findById(id);
      await store.servers.rotateToken(id, 'h-auth');
      expect(await store.servers.findByTokenHash('h-auth')).toEqual({ server: { ...server, retiredAtMs: null }, hasPreviousToken: false });
      await store.serverTokens.rotate(id, 'h-next', T0 + MINUTE);
      expect(await store.servers.findByTokenHash('h-next')).toMatchObject({ server: { id }, hasPreviousToken: true });
      expect(await store.servers.findByTokenHash('nope')).toBeUndefined();
    });

    it('records a heartbeat: send time, decoded heartbeat, boot time, academie kept when the heartbeat names none', async () => {
      const store = await open();
      const id = await addServer(store, { academie: 'ac-poitiers' });
      expect(await store.servers.findById(id)).toMatchObject({ lastHeartbeatSentAtMs: null, lastHeartbeat: null });
      const hb = aHeartbeat({ eole: { module: 'scribe' } });
      expect(await store.servers.recordHeartbeat(id + 1000, hb, T0 + 5, 600_000)).toBe(false);
      expect(await store.servers.recordHeartbeat(id, hb, T0 + 5, 600_000)).toBe(true);
      expect(await store.servers.findById(id)).toMatchObject({
        lastSeenAtMs: T0 + 5, lastHeartbeatSentAtMs: Date.parse(hb.sentAt), bootAtMs: Date.parse(hb.bootTime), lastHeartbeat: hb, academie: 'ac-poitiers',
      });
      await store.servers.recordHeartbeat(id, aHeartbeat({ eole: { academy: 'ac-lyon' } }), T0 + 6, 600_000);
      expect((await store.servers.findById(id))?.academie).toBe('ac-lyon');
    });

    it('markReceived is true once per message id, and prune forgets reports and other kinds by their own cutoff', async () => {
      const store = await open();
      const id = await addServer(store);
      expect(await store.servers.markReceived('r1', id, 'report', T0)).toBe(true);
      expect(await store.servers.markReceived('r1', id, 'report', T0 + 1)).toBe(false);
      expect(await store.servers.markReceived('e1', id, 'event', T0)).toBe(true);
      expect(await store.servers.markReceived('e2', id, 'event', T0 + 10)).toBe(true);
      expect(await store.servers.pruneReceived({ reportsBeforeMs: T0, othersBeforeMs: T0 + 5 })).toBe(1);
      expect(await store.servers.markReceived('e1', id, 'event', T0 + 20)).toBe(true);
      expect(await store.servers.markReceived('e2', id, 'event', T0 + 20)).toBe(false);
      expect(await store.servers.pruneReceived({ reportsBeforeMs: T0 + 1, othersBeforeMs: 0 })).toBe(1);
      expect(await store.servers.markReceived('r1', id, 'report', T0 + 30)).toBe(true);
    });
  });

  describe('server tokens', () => {
    it('rotate keeps the previous token valid until the grace delay ends; clearPrevious ends it once', async () => {
      const store = await open();
      const id = await store.servers.add({ uai: 'U', machine: 'm', name: 'n', tokenHash: 'old', enrolledAtMs: T0 });
      expect(await store.serverTokens.findIdByPreviousHash('old', T0)).toBeUndefined();
      await store.serverTokens.rotate(id, 'new', T0 + 10 * MINUTE);
      expect((await store.servers.findByTokenHash('new'))?.server.id).toBe(id);
      expect(await store.servers.findByTokenHash('old')).toBeUndefined();
      expect(await store.serverTokens.findIdByPreviousHash('old', T0 + 10 * MINUTE - 1)).toBe(id);
      expect(await store.serverTokens.findIdByPreviousHash('old', T0 + 10 * MINUTE)).toBeUndefined();
      expect(await store.serverTokens.clearPrevious(id)).toBe(true);
      expect(await store.serverTokens.clearPrevious(id)).toBe(false);
      expect(await store.serverTokens.clearPrevious(id + 1000)).toBe(false);
      expect(await store.serverTokens.findIdByPreviousHash('old', T0)).toBeUndefined();
    });

    it('replace voids every older token, un-retires and ends a re-enrolment permission', async () => {
      const store = await open();
      const id = await store.servers.add({ uai: 'U', machine: 'm', name: 'n', tokenHash: 't1', enrolledAtMs: T0 });
      await store.serverTokens.rotate(id, 't2', T0 + MINUTE);
      await store.servers.retire(id, T0);
      expect(await store.serverTokens.reenrolAllowedUntil(id)).toBeNull();
      await store.serverTokens.allowReenrol(id, T0 + 3 * MINUTE);
      expect(await store.serverTokens.reenrolAllowedUntil(id)).toBe(T0 + 3 * MINUTE);
      await store.serverTokens.replace(id, 't3');
      expect(await store.serverTokens.findIdByPreviousHash('t1', T0)).toBeUndefined();
      expect((await store.servers.findByTokenHash('t3'))?.server).toMatchObject({ id, retiredAtMs: null });
      expect(await store.serverTokens.reenrolAllowedUntil(id)).toBeNull();
      expect(await store.serverTokens.reenrolAllowedUntil(id + 1000)).toBeNull();
    });
  });

  describe('collector instances', () => {
    it('recordSweep upserts; lastSweepOfOthers is the latest sweep of any other instance (null when none)', async () => {
      const store = await open();
      expect(await store.instances.lastSweepOfOthers('a')).toBeNull();
      await store.instances.recordSweep('a', T0, T0 + 1000);
      expect(await store.instances.lastSweepOfOthers('a')).toBeNull();
      expect(await store.instances.lastSweepOfOthers('b')).toBe(T0 + 1000);
      await store.instances.recordSweep('c', T0, T0 + 500);
      await store.instances.recordSweep('a', T0 + 1, T0 + 2000);
      expect(await store.instances.lastSweepOfOthers('b')).toBe(T0 + 2000);
      expect(await store.instances.lastSweepOfOthers('a')).toBe(T0 + 500);
      expect(await store.instances.list()).toEqual([
        { instanceId: 'a', startedAtMs: T0 + 1, lastSweepAtMs: T0 + 2000 },
        { instanceId: 'c', startedAtMs: T0, lastSweepAtMs: T0 + 500 },
      ]);
      expect(await store.instances.pruneSilent(T0 + 1000)).toBe(1);
      expect((await store.instances.list()).map((i) => i.instanceId)).toEqual(['a']);
    });
  });
});
