import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import { basicCredentials } from '../auth/basic-credentials.ts';
import { bearerToken, tokensEqual } from '../auth/tokens.ts';
import type { MetricsConfig } from '../config/security-config.ts';

/**
 * `onRequest` hook of `/metrics` when `metrics.bearerToken` or `metrics.basicAuth` is set: either credential
 * is accepted (compared in constant time); otherwise 401 with a Basic challenge. Returns undefined when
 * neither is set (the endpoint stays open, e.g. behind a firewall that lets only Prometheus in).
 */
export function metricsAuthHook(config: MetricsConfig) {
  const { bearerToken: expectedToken, basicAuth } = config;
  if (expectedToken === undefined && basicAuth === undefined) return undefined;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const bearer = bearerToken(header);
    if (bearer !== undefined && expectedToken !== undefined && tokensEqual(bearer, expectedToken)) return;
    const basic = basicCredentials(header);
    if (basic !== undefined && basicAuth !== undefined) {
      // Both compared, always: the time taken does not tell which one was wrong.
      const userOk = tokensEqual(basic.username, basicAuth.username);
      const passwordOk = tokensEqual(basic.password, basicAuth.password);
      if (userOk && passwordOk) return;
    }
    if (basicAuth !== undefined) void reply.header('www-authenticate', 'Basic realm="Vigie metrics", charset="UTF-8"');
    if (header === undefined) throw new AppError('ERR_AUTH_MISSING', 'missing credentials for /metrics: set them in the Prometheus scrape config (metrics.bearerToken or metrics.basicAuth)');
    throw new AppError('ERR_AUTH_INVALID', 'invalid credentials for /metrics');
  };
}
