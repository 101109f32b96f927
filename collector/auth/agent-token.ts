/**
 * Resolves an agent's bearer token: the server's current token; during a rotation's grace delay its previous
 * one (using the new token ends the delay); or the token of an enrolment still waiting for approval.
 */
import type { ServerRow } from '../storage/servers-repo.ts';
import type { Store } from '../storage/store.ts';
import { hashToken } from './tokens.ts';

export type AgentTokenMatch =
  | { readonly kind: 'server'; readonly server: ServerRow }
  | { readonly kind: 'pending'; readonly uai: string; readonly machine: string; readonly requestId: number }
  | { readonly kind: 'unknown' };

export async function resolveAgentToken(store: Store, token: string, nowMs: number): Promise<AgentTokenMatch> {
  const hash = hashToken(token);
  const found = await store.servers.findByTokenHash(hash);
  if (found !== undefined) {
    const current = found.server;
    if (found.hasPreviousToken && (await store.serverTokens.clearPrevious(current.id))) {
      await store.audit.record({ atMs: nowMs, actor: `${current.uai}/${current.machine}`, action: 'server.rotate.completed', target: `${current.uai}/${current.machine}` });
    }
    return { kind: 'server', server: current };
  }
  const previousOf = await store.serverTokens.findIdByPreviousHash(hash, nowMs);
  const server = previousOf === undefined ? undefined : await store.servers.findById(previousOf);
  if (server !== undefined) return { kind: 'server', server };
  const pending = await store.pendingEnrolments.findByTokenHash(hash);
  if (pending !== undefined && pending.status === 'pending') return { kind: 'pending', uai: pending.uai, machine: pending.machine, requestId: pending.id };
  return { kind: 'unknown' };
}
