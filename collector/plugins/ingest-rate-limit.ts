import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import { bearerToken, hashToken } from '../auth/tokens.ts';
import type { IngestRateLimitConfig } from '../config/security-config.ts';
import type { Clock } from '../../shared/clock.ts';
import type { VigieApp } from '../routes/http-schemas.ts';
import { clockRateLimitStore } from './clock-rate-limit-store.ts';

/**
 * The key of a push for the rate limit: the hash of its bearer token (never the token itself, which would
 * then sit in memory next to the counters), or the client address when it sent none.
 */
export function rateLimitKey(request: Pick<FastifyRequest, 'headers' | 'ip'>): string {
  const token = bearerToken(request.headers.authorization);
  return token === undefined ? `ip:${request.ip}` : `token:${hashToken(token)}`;
}

/** An `onRequest` hook. */
export type RequestHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Registers the per-token limit of agent pushes in `scope` (the ingest routes) and returns its hook, which the
 * routes run first, before authentication, so a flood (even with unknown tokens) costs no database lookup;
 * past the limit, 429 `ERR_RATE_LIMITED` with `Retry-After` (seconds). One counter per token, shared by the
 * three pushes: one agent's flood does not slow the others. Windows follow the injected Clock (the same
 * store as the enrolment limit, keyed here by token hash), so tests move time instead of sleeping.
 */
export async function registerIngestRateLimit(scope: VigieApp, config: IngestRateLimitConfig, clock: Clock): Promise<RequestHook> {
  await scope.register(rateLimit, {
    global: false,
    store: clockRateLimitStore(clock, config.cacheSize),
    max: config.max,
    timeWindow: config.windowSeconds * 1000,
    keyGenerator: rateLimitKey,
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
    errorResponseBuilder: (_request, context) =>
      new AppError('ERR_RATE_LIMITED', `too many pushes with this token: at most ${context.max} per ${config.windowSeconds} s; retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  return scope.rateLimit() as unknown as RequestHook;
}
