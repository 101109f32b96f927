/**
 * `POST /api/v1/enrol`: an agent presents an enrolment key and its identity, and receives its own token.
 * Accepted when the key is known, not revoked, not expired, has a use left and covers the UAI (prefix,
 * académie). A school of the inventory, or any school with an `--auto-approve` key, is enrolled at once;
 * otherwise the request waits for `servers approve` (the agent already holds its token, refused until then).
 * An identity already enrolled is refused unless an administrator approved its re-enrolment. Every outcome is
 * audited; a bad key gets the same answer whatever the reason (the audit log has it).
 */
import { AppError } from '../../shared/errors.ts';
import { generateToken, hashToken } from '../auth/tokens.ts';
import type { EnrolmentKeyRow } from '../storage/enrolment-keys-repo.ts';
import type { Store } from '../storage/store.ts';
import { keyState } from './enrolment-keys.ts';
import { findByHash } from './secrets.ts';

export interface EnrolRequestInput {
  readonly key: string;
  readonly uai: string;
  readonly machine: string;
  /** `libelle_etab` of the server, used when the school is not in the inventory. */
  readonly establishment?: string | undefined;
  readonly academie?: string | undefined;
}

export type EnrolResult =
  | { readonly status: 'enrolled'; readonly token: string; readonly school: { name: string; commune: string | null } | null; readonly reenrolled: boolean }
  | { readonly status: 'pending'; readonly token: string; readonly requestId: number; readonly school: null };

export const KEY_INVALID_MESSAGE = 'invalid enrolment key';

const normAcademie = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^ac-/, '')
    .replace(/[^a-z]/g, '');

export async function enrolAgent(store: Store, req: EnrolRequestInput, ctx: { readonly now: Date; readonly source: string }): Promise<EnrolResult> {
  const atMs = ctx.now.getTime();
  const target = `${req.uai}/${req.machine}`;
  // A refusal is audited inside the transaction and thrown after it commits (a throw would roll the audit back).
  const refuse = async (actor: string, code: RefusalCode, reason: string, message: string): Promise<Refusal> => {
    await store.audit.record({ atMs, actor, action: 'server.enrol.refused', target, details: { reason, source: ctx.source } });
    return { refused: code, message };
  };
  const result = await store.transaction(async (): Promise<EnrolResult | Refusal> => {
    const key = findByHash(await store.enrolmentKeys.list(), req.key);
    if (key === undefined) return refuse('unknown key', 'ERR_ENROL_KEY_INVALID', 'unknown key', KEY_INVALID_MESSAGE);
    const actor = `key ${key.id}`;
    const state = keyState(key, atMs);
    if (state !== 'active') return refuse(actor, 'ERR_ENROL_KEY_INVALID', `key ${state}`, KEY_INVALID_MESSAGE);
    const outOfScope = await checkScope(key, req, store);
    if (outOfScope !== null) return refuse(actor, 'ERR_ENROL_FORBIDDEN', outOfScope.reason, outOfScope.message);

    const school = await store.schools.get(req.uai);
    const openSchool = school !== undefined && school.closedAtMs === null ? school : undefined;
    const existing = await store.servers.findByIdentity(req.uai, req.machine);
    const token = generateToken();
    if (existing !== undefined) {
      const allowedUntil = await store.serverTokens.reenrolAllowedUntil(existing.id);
      if (allowedUntil === null || allowedUntil <= atMs) {
        if ((await store.pendingEnrolments.openForIdentity(req.uai, req.machine)).length === 0) {
          await store.pendingEnrolments.add({ kind: 'reenrol', uai: req.uai, machine: req.machine, name: existing.name, academie: existing.academie, keyId: key.id, tokenHash: null, source: ctx.source, requestedAtMs: atMs });
        }
        return refuse(
          actor,
          'ERR_ENROL_FORBIDDEN',
          'already enrolled',
          `server ${target} is already enrolled; if it was reinstalled, an administrator approves its re-enrolment (vigie-collector servers pending, then servers approve <id>) and you run vigie-agent enrol again`,
        );
      }
      if (!(await store.enrolmentKeys.takeUse(key.id))) return refuse(actor, 'ERR_ENROL_KEY_INVALID', 'key used_up', KEY_INVALID_MESSAGE);
      await store.serverTokens.replace(existing.id, hashToken(token));
      await store.audit.record({ atMs, actor, action: 'server.reenrol', target, details: { source: ctx.source } });
      return { status: 'enrolled', token, school: openSchool === undefined ? null : { name: openSchool.name, commune: openSchool.commune }, reenrolled: true };
    }
    if (!(await store.enrolmentKeys.takeUse(key.id))) return refuse(actor, 'ERR_ENROL_KEY_INVALID', 'key used_up', KEY_INVALID_MESSAGE);
    const name = openSchool?.name ?? req.establishment ?? `Établissement ${req.uai}`;
    const academie = openSchool?.academie ?? req.academie ?? key.academie ?? undefined;
    if (openSchool !== undefined || key.autoApprove) {
      await store.servers.add({ uai: req.uai, machine: req.machine, name, academie, tokenHash: hashToken(token), enrolledAtMs: atMs });
      await store.audit.record({ atMs, actor, action: 'server.enrol', target, details: { source: ctx.source, inInventory: openSchool !== undefined, autoApprove: key.autoApprove } });
      return { status: 'enrolled', token, school: openSchool === undefined ? null : { name: openSchool.name, commune: openSchool.commune }, reenrolled: false };
    }
    for (const older of await store.pendingEnrolments.openForIdentity(req.uai, req.machine)) await store.pendingEnrolments.decide(older.id, 'rejected', atMs, 'superseded');
    const requestId = await store.pendingEnrolments.add({ kind: 'new', uai: req.uai, machine: req.machine, name, academie: academie ?? null, keyId: key.id, tokenHash: hashToken(token), source: ctx.source, requestedAtMs: atMs });
    await store.audit.record({ atMs, actor, action: 'server.enrol.pending', target, details: { source: ctx.source, requestId } });
    return { status: 'pending', token, requestId, school: null };
  });
  if ('refused' in result) throw new AppError(result.refused, result.message);
  return result;
}

type RefusalCode = 'ERR_ENROL_KEY_INVALID' | 'ERR_ENROL_FORBIDDEN';
interface Refusal {
  readonly refused: RefusalCode;
  readonly message: string;
}

/** Why the key does not cover this UAI, or null when it does. */
async function checkScope(key: EnrolmentKeyRow, req: EnrolRequestInput, store: Store): Promise<{ reason: string; message: string } | null> {
  if (key.uaiPrefix !== null && !req.uai.startsWith(key.uaiPrefix)) {
    return { reason: 'uai outside prefix', message: `this enrolment key does not cover school ${req.uai} (it is limited to UAIs starting with ${key.uaiPrefix})` };
  }
  if (key.academie !== null) {
    const academie = (await store.schools.get(req.uai))?.academie ?? req.academie;
    if (academie === undefined || normAcademie(academie) !== normAcademie(key.academie)) {
      return { reason: 'academie mismatch', message: `this enrolment key is limited to the académie ${key.academie} (school ${req.uai}: ${academie ?? 'académie unknown'})` };
    }
  }
  return null;
}
