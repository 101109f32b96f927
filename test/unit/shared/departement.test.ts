import { describe, expect, it } from 'vitest';
import { departementOfUai } from '../../../shared/departement.ts';

describe('departementOfUai', () => {
  it.each([
    ['0860021F', '86'],
    ['0010001W', '01'],
    ['0950001A', '95'],
    ['6200002H', '2A'],
    ['7200009X', '2B'],
    ['9710001A', '971'],
    ['9720001B', '972'],
    ['9730001C', '973'],
    ['9740045T', '974'],
    ['9750001E', '975'],
    ['9760370J', '976'],
  ])('%s → %s', (uai, code) => {
    expect(departementOfUai(uai)).toEqual({ ok: true, code });
  });

  it.each(['0000001A', '0200001A', '1000001A', '5000001A', '0960001A'])('%s is not a département of the codification', (uai) => {
    const result = departementOfUai(uai);
    expect(result.ok).toBe(false);
  });
});
