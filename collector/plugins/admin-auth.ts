import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/admin-tokens.ts';
import { bearerToken, tokensEqual } from '../auth/tokens.ts';
import { AppError } from '../../shared/errors.ts';

/**
 * The actor of a presented token: the app's resolver (`app.ts` decorates it: configured tokens and named
 * tokens of `admin-tokens create`), or, in an app without it, the configured admin token as `config`.
 */
export async function actorOf(request: FastifyRequest, token: string, adminToken: string | undefined): Promise<Actor | undefined> {
  if (request.server.hasDecorator('resolveActor')) return request.server.resolveActor(token);
  return adminToken !== undefined && tokensEqual(token, adminToken) ? { label: 'config', role: 'admin' } : undefined;
}

/**
 * `onRequest` hook for the read/admin API (servers, schools, audit, silences): an admin token, the configured
 * one or a named one. The request's `actor` says who, for the audit log.
 */
export function adminAuthHook(adminToken: string | undefined) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    const actor = token === undefined ? undefined : await actorOf(request, token, adminToken);
    if (actor === undefined && adminToken === undefined && !request.server.hasDecorator('resolveActor')) {
      throw new AppError('ERR_AUTH_FORBIDDEN', 'the admin API is disabled: set adminToken in the collector configuration');
    }
    if (token === undefined) throw new AppError('ERR_AUTH_MISSING', 'missing bearer token: send "Authorization: Bearer <admin token>"');
    if (actor === undefined) throw new AppError('ERR_AUTH_INVALID', 'invalid admin token');
    if (actor.role !== 'admin') throw new AppError('ERR_AUTH_FORBIDDEN', `token '${actor.label}' is a reader token; this needs an admin token`);
    request.actor = actor;
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves an admin or reader token to its label and role (named tokens included). */
    resolveActor: (token: string) => Promise<Actor | undefined>;
  }
  interface FastifyRequest {
    /** Who presented the admin or reader token (null before auth). */
    actor: Actor | null;
  }
}
