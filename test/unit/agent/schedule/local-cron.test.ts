// The scan scheduler's cron: node-cron's expressions, evaluated in local time (TZ = the scan's time zone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalCron, nextMatch, parseCron } from '../../../../agent/schedule/local-cron.ts';
import { systemClock } from '../../../../shared/clock.ts';

const localCron = createLocalCron(systemClock);

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env['TZ'];
  process.env['TZ'] = 'Europe/Paris';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
});

function next(expression: string, afterIso: string): string | undefined {
  const spec = parseCron(expression);
  if (!spec) throw new Error(`invalid: ${expression}`);
  return nextMatch(spec, new Date(afterIso))?.toISOString();
}

describe('parseCron', () => {
  it.each(['0 30 2 * * *', '30 2 * * *', '*/15 * * * *', '0 0 1-5/2 * mon-fri', '0 3 * jan,jul sun', '0 0 * * 7', '5,10,15 2 1 * * *'])('accepts %s', (e) => {
    expect(parseCron(e)).toBeDefined();
    expect(localCron.validate(e)).toBe(true);
  });
  it.each(['', '* * * *', '0 0 0 0 0 0 0', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '*/0 * * * *', '5-1 * * * *', 'a * * * *', '0 0 * * 8'])(
    'rejects %j',
    (e) => {
      expect(parseCron(e)).toBeUndefined();
      expect(localCron.validate(e)).toBe(false);
    },
  );
});

describe('nextMatch (Europe/Paris)', () => {
  it('finds the next 02:30:00 local, the default scan time', () => {
    expect(next('0 30 2 * * *', '2026-11-29T12:00:00Z')).toBe('2026-11-30T01:30:00.000Z'); // CET, UTC+1
    expect(next('0 30 2 * * *', '2026-07-01T00:00:00Z')).toBe('2026-07-01T00:30:00.000Z'); // CEST, UTC+2
  });
  it('is strictly after the given instant', () => {
    expect(next('0 30 2 * * *', '2026-11-30T01:30:00Z')).toBe('2026-12-01T01:30:00.000Z');
  });
  it('matches every field: day of month and day of week together, months by name', () => {
    expect(next('0 0 13 * fri', '2026-01-01T00:00:00Z')).toBe('2026-02-12T23:00:00.000Z'); // Friday 13 February 2026
    expect(next('0 4 1 jul *', '2026-01-01T00:00:00Z')).toBe('2026-07-01T02:00:00.000Z');
  });
  it('steps and lists, with seconds', () => {
    expect(next('*/20 * * * * *', '2026-01-01T00:00:05Z')).toBe('2026-01-01T00:00:20.000Z');
    expect(next('0 10,40 * * * *', '2026-01-01T00:15:00Z')).toBe('2026-01-01T00:40:00.000Z');
  });
  it('skips a time that does not exist on the spring-forward night', () => {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST, so 02:30 comes again only on the 30th.
    expect(next('0 30 2 * * *', '2026-03-28T12:00:00Z')).toBe('2026-03-30T00:30:00.000Z');
  });
  it('gives up on a date that never comes', () => {
    expect(next('0 0 30 feb *', '2026-01-01T00:00:00Z')).toBeUndefined();
  });
});

describe('createLocalCron(systemClock).schedule', () => {
  it('fires the function at the next match, then stops', async () => {
    // Real timers on the real clock: one tick per second.
    let fired = 0;
    const task = localCron.schedule('* * * * * *', () => Promise.resolve(void (fired += 1)), { timezone: 'Europe/Paris' });
    await new Promise((r) => setTimeout(r, 2100));
    await task.stop();
    const seen = fired;
    expect(seen).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(fired).toBe(seen);
  });
});
