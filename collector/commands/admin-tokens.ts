import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import { createAdminToken, revokeAdminToken } from '../auth/admin-tokens.ts';
import type { AdminCommandDeps } from './inventory.ts';

export const ADMIN_TOKENS_USAGE = `  admin-tokens create <label> --role admin|reader
  admin-tokens list
  admin-tokens revoke <id|label>`;

const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

/** `vigie-collector admin-tokens create|list|revoke …`. */
export async function runAdminTokensCommand(args: string[], deps: AdminCommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  const now = deps.clock.now();
  if (sub === 'create') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' } } });
    const [label] = positionals;
    if (label === undefined || values.role === undefined) throw new AppError('ERR_USAGE', `usage:\n${ADMIN_TOKENS_USAGE}`);
    const { id, token } = await createAdminToken(deps.store, { label, role: values.role }, deps.actor, now);
    deps.io.out(`Token ${id} '${label}' (${values.role}), shown once:`);
    deps.io.out(token);
    return 0;
  }
  if (sub === 'list') {
    deps.io.out(['ID', 'LABEL', 'ROLE', 'CREATED (UTC)', 'CREATED BY', 'LAST USED (UTC)', 'STATUS'].join('\t'));
    for (const t of await deps.store.adminTokens.list()) {
      deps.io.out([String(t.id), t.label, t.role, iso(t.createdAtMs), t.createdBy, iso(t.lastUsedAtMs), t.revokedAtMs === null ? 'active' : 'revoked'].join('\t'));
    }
    return 0;
  }
  if (sub === 'revoke') {
    const [which] = rest;
    if (which === undefined) throw new AppError('ERR_USAGE', `usage:\n${ADMIN_TOKENS_USAGE}`);
    deps.io.out(`Token '${await revokeAdminToken(deps.store, which, deps.actor, now)}' revoked.`);
    return 0;
  }
  throw new AppError('ERR_USAGE', `usage:\n${ADMIN_TOKENS_USAGE}`);
}
