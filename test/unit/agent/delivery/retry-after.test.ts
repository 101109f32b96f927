import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, retryAfterMs } from '../../../../agent/delivery/retry-after.ts';

const NOW = Date.parse('2025-07-10T08:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['30', 30_000],
    [' 0 ', 0],
    ['Thu, 10 Jul 2025 08:01:00 GMT', 60_000],
    ['Thu, 10 Jul 2025 07:00:00 GMT', 0],
    ['999999', MAX_RETRY_AFTER_MS],
  ])('reads %j as %d ms', (header, ms) => expect(retryAfterMs(header, NOW)).toBe(ms));

  it.each([undefined, '', 'soon', '-5', '1.5', '2025-07-10'])('ignores %j', (header) => expect(retryAfterMs(header, NOW)).toBeUndefined());
});
