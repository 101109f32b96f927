import { describe, expect, it } from 'vitest';
import { bootChanged, causeOnReturn, isSiteWide } from '../../../../collector/domain/outage-cause.ts';
import type { LivenessState, OutageCause } from '../../../../collector/domain/liveness-state.ts';

describe('bootChanged', () => {
  it.each([
    { prev: null, next: 1_000, expected: null },
    { prev: 1_000_000, next: 1_002_000, expected: false }, // jitter of 2 s
    { prev: 1_000_000, next: 1_060_000, expected: false }, // at the tolerance
    { prev: 1_000_000, next: 1_060_001, expected: true },
    { prev: 1_000_000, next: 900_000, expected: true }, // clock stepped back a lot
  ])('$prev → $next: $expected', ({ prev, next, expected }) => {
    expect(bootChanged(prev, next)).toBe(expected);
  });
});

describe('causeOnReturn', () => {
  it.each<{ open: OutageCause; rebooted: boolean | null; final: OutageCause }>([
    { open: 'power_loss', rebooted: true, final: 'power_loss' },
    { open: 'power_loss', rebooted: false, final: 'network' },
    { open: 'power_loss', rebooted: null, final: 'power_loss' },
    { open: 'shutdown', rebooted: true, final: 'shutdown' },
    { open: 'shutdown', rebooted: false, final: 'shutdown' },
    { open: 'site', rebooted: true, final: 'site' },
    { open: 'site', rebooted: false, final: 'site' },
  ])('open $open, rebooted $rebooted → $final', ({ open, rebooted, final }) => {
    expect(causeOnReturn(open, rebooted)).toBe(final);
  });
});

describe('isSiteWide', () => {
  it.each<{ states: LivenessState[]; expected: boolean }>([
    { states: ['offline'], expected: false }, // one server: its own cause is more precise
    { states: ['offline', 'offline'], expected: true },
    { states: ['offline', 'offline', 'retired'], expected: true },
    { states: ['offline', 'online'], expected: false },
    { states: ['offline', 'shutdown'], expected: false }, // an announced shutdown is not silence
    { states: ['offline', 'late'], expected: false },
  ])('$states → $expected', ({ states, expected }) => {
    expect(isSiteWide(states)).toBe(expected);
  });
});
