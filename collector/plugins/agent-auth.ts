import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { resolveAgentToken } from '../auth/agent-token.ts';
import { bearerToken } from '../auth/tokens.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import type { Store } from '../storage/store.ts';

/**
 * `onRequest` hook for agent pushes: resolves the per-server bearer token to its server.
 * No token or an unknown one → 401; a retired server → 403. The identity in the body is checked
 * later, after validation (see {@link assertSameServer}).
 */
export function agentAuthHook(store: Store, clock: Clock) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      throw new AppError('ERR_AUTH_MISSING', 'missing bearer token: send "Authorization: Bearer <token>"');
    }
    const match = await resolveAgentToken(store, token, clock.now().getTime());
    if (match.kind === 'pending') {
      throw new AppError('ERR_ENROL_PENDING', `the enrolment of ${match.uai}/${match.machine} waits for an administrator (vigie-collector servers approve ${match.requestId})`);
    }
    if (match.kind === 'unknown') throw new AppError('ERR_AUTH_INVALID', 'unknown or revoked token');
    const server = match.server;
    if (server.retiredAtMs !== null) {
      throw new AppError('ERR_AUTH_FORBIDDEN', `server ${server.uai}/${server.machine} is retired`);
    }
    request.agentServer = server;
  };
}

/** A token is bound to one server: it may not write another server's series. */
export function assertSameServer(request: FastifyRequest, body: { server: { uai: string; machine: string } }): void {
  const server = request.agentServer;
  if (server === null) throw new AppError('ERR_AUTH_MISSING', 'missing bearer token');
  if (server.uai !== body.server.uai || server.machine !== body.server.machine) {
    throw new AppError(
      'ERR_AUTH_FORBIDDEN',
      `body/server is ${body.server.uai}/${body.server.machine} but this token belongs to ${server.uai}/${server.machine}`,
    );
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The enrolled server whose token authenticated this push (null before auth). */
    agentServer: ServerRow | null;
    /** Outcome of a push, for `vigie_pushes_total`. */
    pushOutcome: string | null;
  }
}
