/** Creating, listing and revoking enrolment keys (`vigie-collector enrolment-keys …`). */
import { AppError } from '../../shared/errors.ts';
import type { EnrolmentKeyRow } from '../storage/enrolment-keys-repo.ts';
import type { Store } from '../storage/store.ts';
import { generateEnrolmentKey, hashSecret } from './secrets.ts';

export interface NewKeyInput {
  readonly academie?: string | undefined;
  /** Only UAIs starting with this (`086`: the Vienne). */
  readonly uaiPrefix?: string | undefined;
  readonly expiresAt: Date;
  readonly maxUses?: number | undefined;
  /** Enrol at once even a school missing from the inventory. */
  readonly autoApprove: boolean;
}

/** Creates a key and returns it (shown once) with its id. */
export async function createEnrolmentKey(store: Store, input: NewKeyInput, actor: string, now: Date): Promise<{ id: number; key: string }> {
  if (input.uaiPrefix !== undefined && !/^[0-9]{1,7}[A-Z]?$/i.test(input.uaiPrefix)) {
    throw new AppError('ERR_USAGE', `--uai-prefix is invalid, expected the first digits of a UAI, e.g. 086 (actual: '${input.uaiPrefix}')`);
  }
  if (input.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('ERR_USAGE', `--expires is invalid, expected a date in the future (actual: ${input.expiresAt.toISOString()})`);
  }
  if (input.maxUses !== undefined && (!Number.isInteger(input.maxUses) || input.maxUses < 1)) {
    throw new AppError('ERR_USAGE', `--max-uses is invalid, expected a positive integer (actual: ${input.maxUses})`);
  }
  const key = generateEnrolmentKey();
  const id = await store.transaction(async () => {
    const keyId = await store.enrolmentKeys.add({
      keyHash: hashSecret(key),
      academie: input.academie ?? null,
      uaiPrefix: input.uaiPrefix?.toUpperCase() ?? null,
      expiresAtMs: input.expiresAt.getTime(),
      maxUses: input.maxUses ?? null,
      autoApprove: input.autoApprove,
      createdAtMs: now.getTime(),
      createdBy: actor,
    });
    await store.audit.record({
      atMs: now.getTime(),
      actor,
      action: 'key.create',
      target: `key ${keyId}`,
      details: { academie: input.academie ?? null, uaiPrefix: input.uaiPrefix ?? null, expiresAt: input.expiresAt.toISOString(), maxUses: input.maxUses ?? null, autoApprove: input.autoApprove },
    });
    return keyId;
  });
  return { id, key };
}

export async function revokeEnrolmentKey(store: Store, id: number, actor: string, now: Date): Promise<void> {
  await store.transaction(async () => {
    if ((await store.enrolmentKeys.get(id)) === undefined) throw new AppError('ERR_NOT_FOUND', `enrolment key ${id} does not exist`);
    if (!(await store.enrolmentKeys.revoke(id, now.getTime()))) throw new AppError('ERR_USAGE', `enrolment key ${id} is already revoked`);
    await store.audit.record({ atMs: now.getTime(), actor, action: 'key.revoke', target: `key ${id}` });
  });
}

export type KeyState = 'active' | 'expired' | 'revoked' | 'used_up';

/** Why a key can no longer be used, or `active`. */
export function keyState(key: EnrolmentKeyRow, nowMs: number): KeyState {
  if (key.revokedAtMs !== null) return 'revoked';
  if (key.expiresAtMs <= nowMs) return 'expired';
  if (key.maxUses !== null && key.uses >= key.maxUses) return 'used_up';
  return 'active';
}
