// A store with rows in every table, written through the repositories (the async Store API), for tests that
// move or compare whole stores (store copy). When a migration adds a table, add a row of it here: the store
// copy test checks that every table of the SQLite schema has one.
import type { Store } from '../../collector/storage/store.ts';
import { buildReport } from './report-builder.ts';

export const SEED_T0 = Date.parse('2025-06-30T08:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

export interface SeededIds {
  readonly servers: readonly number[];
  readonly outages: readonly number[];
}

export async function seedEveryTable(store: Store, t0: number = SEED_T0): Promise<SeededIds> {
  const s1 = await store.servers.add({ uai: '0860021F', machine: 'scribe', name: 'Lycée du Bois d\'Amour', academie: 'ac-poitiers', tokenHash: 'hash-s1', enrolledAtMs: t0 });
  const s2 = await store.servers.add({ uai: '0860021F', machine: 'amon', name: 'Lycée du Bois d\'Amour', tokenHash: 'hash-s2', enrolledAtMs: t0 + MIN });
  const s3 = await store.servers.add({ uai: '0170001A', machine: 'scribe', name: 'Collège des Salines', academie: 'ac-poitiers', tokenHash: 'hash-s3', enrolledAtMs: t0 + 2 * MIN });
  await store.servers.markReceived('msg-hb-1', s1, 'heartbeat', t0 + 5 * MIN);
  await store.servers.markReceived('msg-report-1', s1, 'report', t0 + 6 * MIN);
  await store.serverTokens.rotate(s3, 'hash-s3-new', t0 + 7 * 24 * HOUR);
  await store.servers.retire(s3, t0 + 3 * 24 * HOUR);

  const live = (await store.liveness.get(s1))!;
  await store.liveness.update(live, {
    ...live, state: 'online', stateSinceMs: t0 + 5 * MIN, lastSeenMs: t0 + 5 * MIN, intervalSeconds: 60.5, bootTimeMs: t0 - HOUR,
    lateAtMs: t0 + 7 * MIN, offlineAtMs: t0 + 15 * MIN,
  });
  await store.liveness.addTransition(s1, { from: 'unknown', to: 'online', atMs: t0 + 5 * MIN, reason: 'first_heartbeat' }, null);

  const o1 = (await store.liveness.applyOutageOp(s1, { op: 'open', startedAtMs: t0 + HOUR, cause: 'power_loss', provisional: false }, t0 + HOUR + 5 * MIN, t0 + HOUR + 10 * MIN))!;
  await store.liveness.applyOutageOp(s1, { op: 'close', outageId: o1, endedAtMs: t0 + 3 * HOUR, cause: 'power_loss', rebooted: true }, t0 + 3 * HOUR, 0);
  await store.liveness.setCauseDetail(o1, 'ups_exhausted');
  await store.liveness.setNoticeState(o1, { nextNoticeAtMs: null, downNotifiedAtMs: t0 + HOUR + 10 * MIN, lastNoticeAtMs: t0 + 3 * HOUR, notifiedSeverity: 'critical', announcedCause: 'power_loss', announcedWindow: null });
  await store.liveness.addTransition(s1, { from: 'online', to: 'offline', atMs: t0 + HOUR + 5 * MIN, reason: 'offline_deadline' }, o1);
  const o2 = (await store.liveness.applyOutageOp(s2, { op: 'open', startedAtMs: t0 + 2 * 24 * HOUR, cause: 'network', provisional: true }, t0 + 2 * 24 * HOUR, t0 + 2 * 24 * HOUR + 10 * MIN))!;

  const ups = await store.ups.open({ serverId: s1, upsName: 'eaton', startedAtMs: t0 + 50 * MIN, chargeRatio: 0.73, runtimeSeconds: 1234.5, lowBatteryAtMs: null, notifiedSeverity: null });
  await store.ups.markLowBattery(ups, t0 + 55 * MIN);
  await store.ups.close(ups, t0 + 2 * HOUR);

  const common = { severity: 'critical', state: 'offline', windowName: null, windowEndMs: null, windowTimeZone: null } as const;
  const n1 = (await store.outbox.addNotice({ ...common, serverId: s1, outageId: o1, kind: 'down', seq: 0, cause: 'power_loss', createdAtMs: t0 + HOUR + 10 * MIN }))!;
  await store.outbox.addNotice({ ...common, serverId: s1, outageId: null, upsEpisodeId: ups, kind: 'ups_on_battery', seq: 0, severity: 'warning', cause: 'power_loss', createdAtMs: t0 + 51 * MIN });
  await store.outbox.addNotice({ ...common, serverId: s2, outageId: o2, kind: 'down', seq: 0, cause: 'network', windowName: 'Été 2025', windowEndMs: t0 + 60 * 24 * HOUR, windowTimeZone: 'Europe/Paris', createdAtMs: t0 + 2 * 24 * HOUR });
  await store.outbox.fanOut(n1, ['email', 'webhook'], t0 + HOUR + 11 * MIN);
  await store.batches.claimNew('webhook', 'down', { nowMs: t0 + HOUR + 12 * MIN, leaseUntilMs: t0 + HOUR + 13 * MIN, heldSinceMs: t0 + HOUR + 11 * MIN });

  await store.silences.add({ uai: '0860021F', machine: 'amon', startsAtMs: t0 + 24 * HOUR, endsAtMs: t0 + 90 * 24 * HOUR, reason: 'travaux électriques', createdBy: 'cli', createdAtMs: t0 });

  for (const [serverId, day, finishedAt] of [[s1, '2025-07-01', '2025-07-01T02:30:00.000Z'], [s1, '2025-07-02', '2025-07-02T02:30:00.000Z'], [s2, '2025-07-02', '2025-07-02T03:00:00.000Z']] as const) {
    const report = buildReport({ uai: '0860021F', machine: serverId === s1 ? 'scribe' : 'amon', finishedAt, messageId: `report-${serverId}-${day}` });
    const at = Date.parse(finishedAt);
    const rec = { serverId, messageId: report.messageId, finishedAtMs: at, receivedAtMs: at + 1000, orderAtMs: at, day, report, aggregatesJson: JSON.stringify({ serverId, day }) };
    await store.reports.putSnapshot(rec);
    await store.reports.putLatest(rec);
  }

  const school = { commune: 'Poitiers', type: 'LYC', academie: 'ac-poitiers', email: 'ce.0860021f@ac-poitiers.fr', departement: '86' };
  await store.schools.upsert({ ...school, uai: '0860021F', name: 'Lycée du Bois d\'Amour' }, t0);
  await store.schools.upsert({ ...school, uai: '0860099Z', name: 'École sans serveur', email: null }, t0);
  await store.schools.upsert({ ...school, uai: '0170001A', name: 'Collège des Salines', departement: '17' }, t0);
  await store.schools.close('0170001A', t0 + 24 * HOUR);

  const key = await store.enrolmentKeys.add({ keyHash: 'key-hash-1', academie: 'ac-poitiers', uaiPrefix: '086', expiresAtMs: t0 + 30 * 24 * HOUR, maxUses: 10, autoApprove: false, createdAtMs: t0, createdBy: 'admin' });
  await store.enrolmentKeys.takeUse(key);
  const pending = await store.pendingEnrolments.add({ kind: 'new', uai: '0860033K', machine: 'scribe', name: 'Lycée Camille Guérin', academie: 'ac-poitiers', keyId: key, tokenHash: 'pending-hash', source: '192.0.2.10', requestedAtMs: t0 + HOUR });
  await store.pendingEnrolments.decide(pending, 'rejected', t0 + 2 * HOUR, 'admin');
  await store.adminTokens.add({ label: 'grafana', role: 'reader', tokenHash: 'admin-hash-1', createdAtMs: t0, createdBy: 'cli' });
  await store.audit.record({ atMs: t0, actor: 'cli:root', action: 'key.create', target: `key ${key}`, details: { uaiPrefix: '086' } });
  await store.audit.record({ atMs: t0 + HOUR, actor: 'cli:root', action: 'server.retire', target: '0170001A/scribe' });
  await store.instances.recordSweep('collector-a', t0, t0 + 5 * MIN);
  return { servers: [s1, s2, s3], outages: [o1, o2] };
}
