import { describe, expect, it } from 'vitest';
import { activeSilence, checkNewSilence, type Silence } from '../../../../collector/domain/silences.ts';

const T0 = Date.parse('2025-07-10T08:00:00Z');
const H = 3_600_000;
function silence(over: Partial<Silence>): Silence {
  return { id: 1, uai: '0860021F', machine: 'scribe', startsAtMs: T0, endsAtMs: T0 + 2 * H, reason: 'travaux', createdBy: 'admin', ...over };
}

describe('activeSilence', () => {
  const serverSilence = silence({ id: 1 });
  const schoolSilence = silence({ id: 2, machine: null, endsAtMs: T0 + 5 * H });
  const other = silence({ id: 3, uai: '0860022G', machine: null });

  it.each([
    { name: 'a server silence covers its server', target: { uai: '0860021F', machine: 'scribe' }, list: [serverSilence], now: T0 + H, id: 1 },
    { name: 'but not another machine of the school', target: { uai: '0860021F', machine: 'amon' }, list: [serverSilence], now: T0 + H, id: null },
    { name: 'a school silence covers every machine of the UAI', target: { uai: '0860021F', machine: 'amon' }, list: [schoolSilence], now: T0 + H, id: 2 },
    { name: 'another school is not covered', target: { uai: '0860021F', machine: 'scribe' }, list: [other], now: T0 + H, id: null },
    { name: 'not before it starts', target: { uai: '0860021F', machine: 'scribe' }, list: [serverSilence], now: T0 - 1, id: null },
    { name: 'not at its end (exclusive)', target: { uai: '0860021F', machine: 'scribe' }, list: [serverSilence], now: T0 + 2 * H, id: null },
    { name: 'the one ending last wins', target: { uai: '0860021F', machine: 'scribe' }, list: [serverSilence, schoolSilence], now: T0 + H, id: 2 },
  ])('$name', ({ target, list, now, id }) => {
    expect(activeSilence(list, target, now)?.id ?? null).toBe(id);
  });
});

describe('checkNewSilence', () => {
  it.each([
    { name: 'accepts a future end', input: { startsAtMs: T0, endsAtMs: T0 + H, reason: 'travaux' }, fragment: null },
    { name: 'refuses an end in the past', input: { startsAtMs: T0 - 2 * H, endsAtMs: T0 - H, reason: 'x' }, fragment: 'endsAt is invalid, expected an instant in the future' },
    { name: 'refuses an end before the start', input: { startsAtMs: T0 + 3 * H, endsAtMs: T0 + H, reason: 'x' }, fragment: 'expected after startsAt' },
    { name: 'refuses an invalid date', input: { startsAtMs: T0, endsAtMs: Number.NaN, reason: 'x' }, fragment: 'endsAt is invalid' },
    { name: 'refuses an empty reason', input: { startsAtMs: T0, endsAtMs: T0 + H, reason: '  ' }, fragment: 'reason is invalid' },
  ])('$name', ({ input, fragment }) => {
    const error = checkNewSilence(input, T0);
    if (fragment === null) expect(error).toBeNull();
    else expect(error).toContain(fragment);
  });
});
