import { describe, expect, it } from 'vitest';
import {
  activeWindow,
  createWindowResolver,
  nextWindowStartMs,
  windowRangeFor,
  type MaintenanceWindow,
} from '../../../../collector/domain/maintenance-windows.ts';

const bascule: MaintenanceWindow = {
  name: 'Bascule 2025',
  from: '2025-07-05',
  to: '2025-09-12',
  timeZone: 'Europe/Paris',
  exceptions: [
    { uai: '0860022G', exclude: true },
    { uai: '0860023H', from: '2025-07-10' },
    { uai: '9740001A', timeZone: 'Indian/Reunion' },
  ],
};
const at = (iso: string): number => Date.parse(iso);

describe('window edges (Europe/Paris, CEST = UTC+2 in summer)', () => {
  it.each([
    { name: 'one ms before local midnight of the first day', now: '2025-07-04T21:59:59.999Z', active: false },
    { name: 'local midnight of the first day', now: '2025-07-04T22:00:00.000Z', active: true },
    { name: 'middle of the window', now: '2025-08-15T12:00:00Z', active: true },
    { name: 'last ms of the last day (inclusive)', now: '2025-09-12T21:59:59.999Z', active: true },
    { name: 'local midnight after the last day', now: '2025-09-12T22:00:00.000Z', active: false },
  ])('$name → active=$active', ({ now, active }) => {
    expect(activeWindow([bascule], '0860021F', at(now))?.name ?? null).toBe(active ? 'Bascule 2025' : null);
  });
});

describe('per-UAI exceptions', () => {
  it.each([
    { name: 'an excluded school is never in the window', uai: '0860022G', now: '2025-08-01T12:00:00Z', active: false },
    { name: 'a school with its own first day is not in it before', uai: '0860023H', now: '2025-07-09T12:00:00Z', active: false },
    { name: 'a school with its own first day is in it from that day', uai: '0860023H', now: '2025-07-09T22:00:00Z', active: true },
    { name: 'a school with its own zone (Réunion, UTC+4) starts at its own midnight', uai: '9740001A', now: '2025-07-04T20:00:00Z', active: true },
    { name: 'and not before', uai: '9740001A', now: '2025-07-04T19:59:59Z', active: false },
    { name: 'other schools keep the window dates', uai: '0860021F', now: '2025-07-09T12:00:00Z', active: true },
  ])('$name', ({ uai, now, active }) => {
    expect(activeWindow([bascule], uai, at(now)) !== null).toBe(active);
  });
});

describe('daylight-saving changes', () => {
  it('a window starting on the spring-forward day starts at local midnight (still UTC+1)', () => {
    const w: MaintenanceWindow = { name: 'printemps', from: '2025-03-30', to: '2025-03-30', timeZone: 'Europe/Paris', exceptions: [] };
    const range = windowRangeFor(w, '0860021F');
    expect(range).toEqual({ name: 'printemps', startMs: at('2025-03-29T23:00:00Z'), endMs: at('2025-03-30T22:00:00Z'), timeZone: 'Europe/Paris' });
    // the day is 23 hours long
    expect(range!.endMs - range!.startMs).toBe(23 * 3_600_000);
  });

  it('a window ending on the fall-back day ends at local midnight after it (now UTC+1), a 25-hour day', () => {
    const w: MaintenanceWindow = { name: 'automne', from: '2025-10-26', to: '2025-10-26', timeZone: 'Europe/Paris', exceptions: [] };
    const range = windowRangeFor(w, '0860021F')!;
    expect(range.startMs).toBe(at('2025-10-25T22:00:00Z'));
    expect(range.endMs).toBe(at('2025-10-26T23:00:00Z'));
    expect(range.endMs - range.startMs).toBe(25 * 3_600_000);
    expect(activeWindow([w], '0860021F', at('2025-10-26T22:30:00Z'))).not.toBeNull();
  });

  it('a zone whose midnight is skipped by DST starts at the first instant of the day', () => {
    // America/Santiago moved clocks from 00:00 to 01:00 on 2024-09-08.
    const w: MaintenanceWindow = { name: 'x', from: '2024-09-08', to: '2024-09-08', timeZone: 'America/Santiago', exceptions: [] };
    expect(windowRangeFor(w, '0860021F')!.startMs).toBe(at('2024-09-08T04:00:00Z'));
  });
});

describe('several windows', () => {
  const early: MaintenanceWindow = { name: 'Bascule 2024', from: '2024-07-06', to: '2024-09-01', timeZone: 'Europe/Paris', exceptions: [] };
  const overlap: MaintenanceWindow = { name: 'Travaux', from: '2025-09-01', to: '2025-09-30', timeZone: 'Europe/Paris', exceptions: [] };

  it('picks the active one that ends last when they overlap', () => {
    expect(activeWindow([bascule, overlap], '0860021F', at('2025-09-05T12:00:00Z'))?.name).toBe('Travaux');
  });
  it('gives the next start strictly after now, per school', () => {
    expect(nextWindowStartMs([early, bascule], '0860021F', at('2025-01-01T00:00:00Z'))).toBe(at('2025-07-04T22:00:00Z'));
    expect(nextWindowStartMs([early, bascule], '0860022G', at('2025-01-01T00:00:00Z'))).toBeNull();
    expect(nextWindowStartMs([bascule], '0860021F', at('2025-07-04T22:00:00Z'))).toBeNull();
  });
});

describe('createWindowResolver (cached ranges) gives the same answers', () => {
  const other: MaintenanceWindow = { name: 'Travaux', from: '2025-09-01', to: '2025-09-30', timeZone: 'Europe/Paris', exceptions: [] };
  const resolver = createWindowResolver([bascule, other]);
  it.each([
    ['0860021F', '2025-07-04T21:59:59.999Z'],
    ['0860021F', '2025-07-04T22:00:00.000Z'],
    ['0860021F', '2025-09-05T12:00:00Z'],
    ['0860022G', '2025-08-01T12:00:00Z'],
    ['0860022G', '2025-09-05T12:00:00Z'],
    ['0860023H', '2025-07-09T12:00:00Z'],
    ['9740001A', '2025-07-04T20:00:00Z'],
    ['0860021F', '2025-01-01T00:00:00Z'],
  ])('%s at %s', (uai, now) => {
    expect(resolver.active(uai, at(now))).toEqual(activeWindow([bascule, other], uai, at(now)));
    expect(resolver.nextStart(uai, at(now))).toBe(nextWindowStartMs([bascule, other], uai, at(now)));
  });
});
