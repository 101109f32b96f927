/**
 * Retry schedule of the notification outbox (OTel `retrying-transport.ts` constants, kept pure).
 *
 * The dispatcher stores the next attempt instant in the database (`now + delay`), so a retry survives a
 * collector restart. Delay after the n-th failed attempt (n ≥ 1):
 *
 *   base(n)  = min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS × BACKOFF_MULTIPLIER^(n-1))
 *   delay(n) = base(n) × (1 − JITTER + 2 × JITTER × rng())        rng() ∈ [0, 1)
 *
 * i.e. 5 s, 10 s, 20 s, 40 s … up to 15 min, each ±20 %. The jitter spreads the retries of many alerts
 * (a whole académie going dark) so they do not hit the peer at the same instant.
 * When the peer gave a Retry-After, {@link retryDelayMs} honours it instead (already clamped to 1 h).
 */
import { AppError, invalidMessage } from '../../shared/errors.ts';
import type { NotifyResult } from './notifier.ts';

export const INITIAL_BACKOFF_MS = 5_000;
export const BACKOFF_MULTIPLIER = 2;
export const MAX_BACKOFF_MS = 15 * 60 * 1000;
export const JITTER = 0.2;
/** After this many failed attempts the dispatcher gives up on a notification (≈ 4 h of retries). */
export const MAX_ATTEMPTS = 24;

/** A source of uniform numbers in [0, 1): `Math.random` in production, a constant in tests. */
export type Rng = () => number;

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly multiplier: number;
  readonly maxMs: number;
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: INITIAL_BACKOFF_MS,
  multiplier: BACKOFF_MULTIPLIER,
  maxMs: MAX_BACKOFF_MS,
  jitter: JITTER,
};

/**
 * Delay before the next attempt, after `attempt` failed attempts (1 = the first attempt just failed).
 * Throws ERR_NOTIFY_BACKOFF_ATTEMPT for a non-integer or an attempt below 1 (a caller bug).
 */
export function nextRetryDelayMs(attempt: number, rng: Rng, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new AppError('ERR_NOTIFY_BACKOFF_ATTEMPT', invalidMessage('nextRetryDelayMs', 'attempt', 'an integer ≥ 1', attempt));
  }
  // Cap the exponent before exponentiating so huge attempt counts stay finite.
  const maxExponent = Math.ceil(Math.log(policy.maxMs / policy.initialMs) / Math.log(policy.multiplier));
  const exponent = Math.min(attempt - 1, Math.max(0, maxExponent));
  const base = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** exponent);
  const r = Math.min(Math.max(rng(), 0), 1);
  return Math.round(base * (1 - policy.jitter + 2 * policy.jitter * r));
}

/**
 * Delay before retrying a `retryable` result: the peer's Retry-After when it gave one, else the backoff.
 */
export function retryDelayMs(
  result: Extract<NotifyResult, { status: 'retryable' }>,
  attempt: number,
  rng: Rng,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  return result.retryInMs ?? nextRetryDelayMs(attempt, rng, policy);
}

/** True when the dispatcher should stop retrying after `attempt` failed attempts. */
export function shouldGiveUp(attempt: number, maxAttempts: number = MAX_ATTEMPTS): boolean {
  return attempt >= maxAttempts;
}
