import { describe, expect, it } from 'vitest';
import { CAP_WINDOW_MS, capAllows, nextAllowedAtMs } from '../../../../collector/domain/notice-cap.ts';
import { departementFromUai, placeOf } from '../../../../collector/domain/school-place.ts';

const H = CAP_WINDOW_MS;

describe('nextAllowedAtMs: a sliding hour of sends per channel', () => {
  it.each([
    { name: 'no sends', sent: [], cap: 3, at: 1_000, next: 1_000 },
    { name: 'under the cap', sent: [0, 10], cap: 3, at: 20, next: 20 },
    { name: 'at the cap: when the oldest leaves the hour', sent: [0, 10, 20], cap: 3, at: 30, next: H },
    { name: 'at the cap, unordered', sent: [20, 0, 10], cap: 3, at: 30, next: H },
    { name: 'over the cap (several dispatchers): the one that leaves cap - 1', sent: [0, 10, 20, 25], cap: 3, at: 30, next: H + 10 },
    { name: 'old sends do not count', sent: [0, 10, H + 5], cap: 2, at: H + 20, next: H + 20 },
    { name: 'exactly one hour later is allowed', sent: [0], cap: 1, at: H, next: H },
    { name: 'cap 1', sent: [100], cap: 1, at: 200, next: H + 100 },
  ])('$name', ({ sent, cap, at, next }) => {
    expect(nextAllowedAtMs(sent, cap, at)).toBe(next);
    expect(capAllows(sent, cap, at)).toBe(next <= at);
  });

  it('a cap of 0 never allows', () => {
    expect(capAllows([], 0, 0)).toBe(false);
  });
});

describe('departementFromUai', () => {
  it.each([
    ['0860021F', '86'],
    ['0010001A', '01'],
    ['0790001C', '79'],
    ['6200001A', '2A'],
    ['7200001B', '2B'],
    ['9710001A', '971'],
    ['9740001C', '974'],
    ['9760001A', '976'],
    ['1230001A', undefined],
    ['0000001A', undefined],
    ['98A', undefined],
  ])('%s → %s', (uai, dep) => {
    expect(departementFromUai(uai)).toBe(dep);
  });

  it("the inventory's département wins; the UAI fills it in otherwise", () => {
    expect(placeOf('0860021F', () => ({ commune: 'Poitiers' }))).toEqual({ commune: 'Poitiers', departement: '86' });
    expect(placeOf('0860021F', () => ({ departement: '79' }))).toEqual({ departement: '79' });
    expect(placeOf('1230001A', () => undefined)).toEqual({});
  });
});
