import { checkMachineName } from '../shared/protocol/common.ts';
import { checkUai } from '../shared/uai.ts';
import { AppError } from '../shared/errors.ts';
import { generateToken, hashToken } from './auth/tokens.ts';
import type { Store } from './storage/store.ts';

export interface EnrolInput {
  readonly uai: string;
  readonly machine: string;
  readonly name: string;
  readonly academie?: string | undefined;
  /** Replace the token of an already-enrolled server instead of failing. */
  readonly rotate?: boolean;
}

/**
 * Enrols a server (or rotates its token) and returns the new bearer token, which is shown once:
 * only its hash is stored.
 */
export async function enrolServer(store: Store, input: EnrolInput, now: Date): Promise<{ token: string; id: number; uai: string }> {
  const uai = checkUai(input.uai);
  if (!uai.ok) throw new AppError('ERR_ENROL_INVALID', `UAI is invalid, ${uai.reason}`);
  const machine = checkMachineName(input.machine);
  if (!machine.ok) throw new AppError('ERR_ENROL_INVALID', `machine name is invalid, ${machine.reason}`);
  if (input.name.trim() === '') throw new AppError('ERR_ENROL_INVALID', 'name is invalid, expected a non-empty label (--name "Collège …")');
  const token = generateToken();
  const existing = await store.servers.findByIdentity(uai.uai, input.machine);
  if (existing !== undefined) {
    if (!input.rotate) {
      throw new AppError('ERR_ENROL_EXISTS', `server ${uai.uai}/${input.machine} is already enrolled (use --rotate to issue a new token)`);
    }
    await store.servers.rotateToken(existing.id, hashToken(token));
    return { token, id: existing.id, uai: uai.uai };
  }
  const id = await store.servers.add({
    uai: uai.uai,
    machine: input.machine,
    name: input.name.trim(),
    academie: input.academie,
    tokenHash: hashToken(token),
    enrolledAtMs: now.getTime(),
  });
  return { token, id, uai: uai.uai };
}
