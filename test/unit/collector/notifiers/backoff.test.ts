import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKOFF,
  MAX_ATTEMPTS,
  MAX_BACKOFF_MS,
  nextRetryDelayMs,
  retryDelayMs,
  shouldGiveUp,
} from '../../../../collector/notifiers/backoff.ts';
import { isAppError } from '../../../../shared/errors.ts';

const middle = (): number => 0.5; // no jitter
const lowest = (): number => 0;
const highest = (): number => 0.999_999;

describe('nextRetryDelayMs', () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [8, 640_000],
    [9, MAX_BACKOFF_MS],
    [10, MAX_BACKOFF_MS],
    [1_000, MAX_BACKOFF_MS],
    [Number.MAX_SAFE_INTEGER, MAX_BACKOFF_MS],
  ])('after %d failed attempts waits %d ms (without jitter)', (attempt, expected) => {
    expect(nextRetryDelayMs(attempt, middle)).toBe(expected);
  });

  it.each([
    ['lowest draw', lowest, 1, 4_000],
    ['highest draw', highest, 1, 6_000],
    ['lowest draw at the cap', lowest, 50, 720_000],
    ['highest draw at the cap', highest, 50, 1_080_000],
    ['out-of-range rng values are clamped', () => 7, 1, 6_000],
  ])('applies ±20 %% jitter: %s', (_name, rng, attempt, expected) => {
    expect(nextRetryDelayMs(attempt, rng)).toBe(expected);
  });

  it('grows monotonically without jitter and never exceeds the cap plus jitter', () => {
    let previous = 0;
    for (let attempt = 1; attempt <= 40; attempt += 1) {
      const delay = nextRetryDelayMs(attempt, middle);
      expect(delay).toBeGreaterThanOrEqual(previous);
      expect(nextRetryDelayMs(attempt, highest)).toBeLessThanOrEqual(MAX_BACKOFF_MS * 1.2);
      previous = delay;
    }
  });

  it('honours a custom policy', () => {
    const policy = { ...DEFAULT_BACKOFF, initialMs: 100, multiplier: 3, maxMs: 1_000, jitter: 0 };
    expect([1, 2, 3, 4].map((a) => nextRetryDelayMs(a, lowest, policy))).toEqual([100, 300, 900, 1_000]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects attempt %s with ERR_NOTIFY_BACKOFF_ATTEMPT', (attempt) => {
    let caught: unknown;
    try {
      nextRetryDelayMs(attempt, middle);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'ERR_NOTIFY_BACKOFF_ATTEMPT')).toBe(true);
    expect((caught as Error).message).toContain('attempt is invalid, expected an integer ≥ 1');
  });
});

describe('retryDelayMs', () => {
  it.each([
    ['uses the Retry-After of the peer', { status: 'retryable', error: 'x', retryInMs: 42_000 } as const, 1, 42_000],
    ['uses a zero Retry-After as is', { status: 'retryable', error: 'x', retryInMs: 0 } as const, 3, 0],
    ['falls back to the backoff', { status: 'retryable', error: 'x' } as const, 3, 20_000],
  ])('%s', (_name, result, attempt, expected) => {
    expect(retryDelayMs(result, attempt, middle)).toBe(expected);
  });
});

describe('shouldGiveUp', () => {
  it.each([
    [1, false],
    [MAX_ATTEMPTS - 1, false],
    [MAX_ATTEMPTS, true],
    [MAX_ATTEMPTS + 5, true],
  ])('after %d attempts → %s', (attempt, expected) => {
    expect(shouldGiveUp(attempt)).toBe(expected);
  });
});
