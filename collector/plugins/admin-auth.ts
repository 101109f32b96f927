import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, tokensEqual } from '../auth/tokens.ts';
import { AppError } from '../../shared/errors.ts';

/** `onRequest` hook for the read/admin API (servers, reports, silences): the configured admin token. */
export function adminAuthHook(adminToken: string | undefined) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (adminToken === undefined) {
      throw new AppError('ERR_AUTH_FORBIDDEN', 'the admin API is disabled: set adminToken in the collector configuration');
    }
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) throw new AppError('ERR_AUTH_MISSING', 'missing bearer token: send "Authorization: Bearer <admin token>"');
    if (!tokensEqual(token, adminToken)) throw new AppError('ERR_AUTH_INVALID', 'invalid admin token');
  };
}
