/**
 * Admin and reader tokens with names: several people or tools each get their own token, with a label and a
 * role, so the audit log says who did what. The configured `adminToken` keeps working as the bootstrap admin
 * token labelled `config`, and `reports.readerToken` as the reader labelled `config-reader`.
 */
import { AppError } from '../../shared/errors.ts';
import type { AdminRole } from '../storage/admin-tokens-repo.ts';
import type { Store } from '../storage/store.ts';
import { generateToken, hashToken, tokensEqual } from './tokens.ts';

/** Who presented a token: its label and role. */
export interface Actor {
  readonly label: string;
  readonly role: AdminRole;
}

export const CONFIG_ADMIN_LABEL = 'config';
export const CONFIG_READER_LABEL = 'config-reader';

export interface ActorResolverDeps {
  readonly store: Store;
  readonly adminToken: string | undefined;
  readonly readerToken: string | undefined;
  readonly nowMs: () => number;
}

/** Resolves a presented token to its actor, or undefined (unknown or revoked). */
export function createActorResolver(deps: ActorResolverDeps): (token: string) => Promise<Actor | undefined> {
  return async (token) => {
    if (deps.adminToken !== undefined && tokensEqual(token, deps.adminToken)) return { label: CONFIG_ADMIN_LABEL, role: 'admin' };
    if (deps.readerToken !== undefined && tokensEqual(token, deps.readerToken)) return { label: CONFIG_READER_LABEL, role: 'reader' };
    const row = await deps.store.adminTokens.findActiveByHash(hashToken(token));
    if (row === undefined) return undefined;
    await deps.store.adminTokens.touch(row.id, deps.nowMs());
    return { label: row.label, role: row.role };
  };
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,62}$/;

export async function createAdminToken(store: Store, input: { label: string; role: string }, actor: string, now: Date): Promise<{ id: number; token: string }> {
  if (!LABEL.test(input.label) || input.label === CONFIG_ADMIN_LABEL || input.label === CONFIG_READER_LABEL) {
    throw new AppError('ERR_USAGE', `label is invalid, expected letters, digits, space, '.', '_', '@' or '-', other than 'config' (actual: '${input.label}')`);
  }
  if (input.role !== 'admin' && input.role !== 'reader') {
    throw new AppError('ERR_USAGE', `--role is invalid, expected admin or reader (actual: '${input.role}')`);
  }
  const role: AdminRole = input.role;
  const token = generateToken();
  const id = await store.transaction(async () => {
    if ((await store.adminTokens.findByLabel(input.label)) !== undefined) throw new AppError('ERR_USAGE', `a token labelled '${input.label}' already exists`);
    const tokenId = await store.adminTokens.add({ label: input.label, role, tokenHash: hashToken(token), createdAtMs: now.getTime(), createdBy: actor });
    await store.audit.record({ atMs: now.getTime(), actor, action: 'admin-token.create', target: input.label, details: { role } });
    return tokenId;
  });
  return { id, token };
}

/** Revokes by id or label. */
export async function revokeAdminToken(store: Store, idOrLabel: string, actor: string, now: Date): Promise<string> {
  return store.transaction(async () => {
    const row = /^[0-9]+$/.test(idOrLabel)
      ? (await store.adminTokens.list()).find((t) => t.id === Number(idOrLabel))
      : await store.adminTokens.findByLabel(idOrLabel);
    if (row === undefined) throw new AppError('ERR_NOT_FOUND', `no admin token '${idOrLabel}'`);
    if (!(await store.adminTokens.revoke(row.id, now.getTime()))) throw new AppError('ERR_USAGE', `admin token '${row.label}' is already revoked`);
    await store.audit.record({ atMs: now.getTime(), actor, action: 'admin-token.revoke', target: row.label });
    return row.label;
  });
}
