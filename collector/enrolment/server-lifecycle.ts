/**
 * The administrator's side of a server's token life cycle: approving or rejecting pending enrolments, rotating
 * a token with a grace delay, revoking a server, and enrolling every expected server of the inventory at once.
 * Every action is audited with its actor.
 */
import { AppError } from '../../shared/errors.ts';
import { generateToken, hashToken } from '../auth/tokens.ts';
import { enrolServer } from '../enrolment.ts';
import type { PendingEnrolmentRow } from '../storage/pending-enrolments-repo.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import type { Store } from '../storage/store.ts';

const HOUR = 3_600_000;

async function pendingOrThrow(store: Store, id: number): Promise<PendingEnrolmentRow> {
  const p = await store.pendingEnrolments.get(id);
  if (p === undefined) throw new AppError('ERR_NOT_FOUND', `no pending enrolment ${id} (see vigie-collector servers pending)`);
  if (p.status !== 'pending') throw new AppError('ERR_USAGE', `enrolment ${id} was already ${p.status}${p.decidedBy === null ? '' : ` by ${p.decidedBy}`}`);
  return p;
}

async function serverOrThrow(store: Store, uai: string, machine: string): Promise<ServerRow> {
  const s = await store.servers.findByIdentity(uai.toUpperCase(), machine);
  if (s === undefined) throw new AppError('ERR_NOT_FOUND', `server ${uai.toUpperCase()}/${machine} is not enrolled`);
  return s;
}

/** Approves a pending enrolment: a new server is enrolled with the token its agent holds; a re-enrolment may proceed. */
export async function approveEnrolment(store: Store, id: number, actor: string, now: Date, reenrolApprovalHours: number): Promise<string> {
  const atMs = now.getTime();
  return store.transaction(async () => {
    const p = await pendingOrThrow(store, id);
    const target = `${p.uai}/${p.machine}`;
    await store.pendingEnrolments.decide(id, 'approved', atMs, actor);
    if (p.kind === 'new') {
      if ((await store.servers.findByIdentity(p.uai, p.machine)) !== undefined) throw new AppError('ERR_ENROL_EXISTS', `server ${target} was enrolled meanwhile; reject this request`);
      await store.servers.add({ uai: p.uai, machine: p.machine, name: p.name, academie: p.academie ?? undefined, tokenHash: p.tokenHash!, enrolledAtMs: atMs });
      await store.audit.record({ atMs, actor, action: 'server.approve', target, details: { requestId: id, source: p.source } });
      return `Enrolment ${id} approved: ${target} is enrolled; its agent's token now works.`;
    }
    const server = await serverOrThrow(store, p.uai, p.machine);
    const untilMs = atMs + reenrolApprovalHours * HOUR;
    await store.serverTokens.allowReenrol(server.id, untilMs);
    await store.audit.record({ atMs, actor, action: 'server.reenrol.approve', target, details: { requestId: id, until: new Date(untilMs).toISOString() } });
    return `Re-enrolment ${id} approved: run 'vigie-agent enrol' on ${target} before ${new Date(untilMs).toISOString()}; the old token stops working then.`;
  });
}

export async function rejectEnrolment(store: Store, id: number, actor: string, now: Date): Promise<string> {
  return store.transaction(async () => {
    const p = await pendingOrThrow(store, id);
    await store.pendingEnrolments.decide(id, 'rejected', now.getTime(), actor);
    await store.audit.record({ atMs: now.getTime(), actor, action: 'server.reject', target: `${p.uai}/${p.machine}`, details: { requestId: id, kind: p.kind } });
    return `Enrolment ${id} of ${p.uai}/${p.machine} rejected.`;
  });
}

/** A new token now; the current one keeps working until the agent uses the new one or `graceMs` passes. */
export async function rotateServerToken(store: Store, uai: string, machine: string, graceMs: number, actor: string, now: Date): Promise<{ token: string; graceUntil: Date }> {
  const token = generateToken();
  const graceUntil = new Date(now.getTime() + graceMs);
  await store.transaction(async () => {
    const s = await serverOrThrow(store, uai, machine);
    if (s.retiredAtMs !== null) throw new AppError('ERR_USAGE', `server ${s.uai}/${s.machine} is revoked; enrol it again instead`);
    await store.serverTokens.rotate(s.id, hashToken(token), graceUntil.getTime());
    await store.audit.record({ atMs: now.getTime(), actor, action: 'server.rotate', target: `${s.uai}/${s.machine}`, details: { graceUntil: graceUntil.toISOString() } });
  });
  return { token, graceUntil };
}

/** Revokes a server: its tokens stop working at once (pushes get 403), its history stays. */
export async function revokeServer(store: Store, uai: string, machine: string, actor: string, now: Date): Promise<void> {
  await store.transaction(async () => {
    const s = await serverOrThrow(store, uai, machine);
    if (s.retiredAtMs !== null) throw new AppError('ERR_USAGE', `server ${s.uai}/${s.machine} is already revoked`);
    await store.servers.retire(s.id, now.getTime());
    await store.serverTokens.clearPrevious(s.id);
    await store.audit.record({ atMs: now.getTime(), actor, action: 'server.revoke', target: `${s.uai}/${s.machine}` });
  });
}

/** Enrols `<uai>/<machine>` for every open school of the inventory (under `uaiPrefix`) that has no server yet. */
export async function enrolFromInventory(
  store: Store,
  opts: { readonly uaiPrefix?: string | undefined; readonly machine: string },
  actor: string,
  now: Date,
): Promise<{ uai: string; machine: string; token: string }[]> {
  return store.transaction(async () => {
    const enrolled = new Set((await store.servers.list()).map((s) => s.uai));
    const rows: { uai: string; machine: string; token: string }[] = [];
    for (const school of await store.schools.list()) {
      if (school.closedAtMs !== null || enrolled.has(school.uai)) continue;
      if (opts.uaiPrefix !== undefined && !school.uai.startsWith(opts.uaiPrefix.toUpperCase())) continue;
      const { token } = await enrolServer(store, { uai: school.uai, machine: opts.machine, name: school.name, academie: school.academie ?? undefined }, now);
      await store.audit.record({ atMs: now.getTime(), actor, action: 'server.enrol', target: `${school.uai}/${opts.machine}`, details: { bulk: true } });
      rows.push({ uai: school.uai, machine: opts.machine, token });
    }
    return rows;
  });
}
