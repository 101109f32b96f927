import { describe, expect, it } from 'vitest';
import { catchUpDelayMs } from '../../../../agent/state/catch-up.ts';

const now = new Date('2025-07-10T08:00:00Z');
describe('catchUpDelayMs', () => {
  it.each<[string, string | undefined, number, number | undefined]>([
    ['never scanned: within the first hour', undefined, 0.5, 1_800_000],
    ['last scan 25 h ago', '2025-07-09T07:00:00Z', 0.25, 900_000],
    ['last scan 23 h ago: nothing to catch up', '2025-07-09T09:00:00Z', 0.5, undefined],
    ['exactly 24 h ago: stale', '2025-07-09T08:00:00Z', 0, 0],
    ['an unreadable date counts as never', 'yesterday', 0.1, 360_000],
  ])('%s', (_name, lastSuccessfulScanAt, random, expected) => {
    expect(catchUpDelayMs({ lastSuccessfulScanAt, now, maxDelaySeconds: 3600, random })).toBe(expected);
  });
});
