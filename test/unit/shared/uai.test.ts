import { describe, expect, it } from 'vitest';
import { checkUai, uaiCheckLetter } from '../../../shared/uai.ts';

describe('checkUai', () => {
  it.each([
    ['0860021F', '0860021F'],
    ['0860021f', '0860021F'],
    [' 9740654t ', '9740654T'],
    ['0750654D', '0750654D'],
    ['0861234Z', '0861234Z'],
  ])('accepts %s as %s', (raw, uai) => {
    expect(checkUai(raw)).toEqual({ ok: true, uai });
  });

  it.each([
    ['0860021A', "check letter of '0860021A' should be 'F'"],
    ['9740654U', "should be 'T'"],
    ['086002F', 'expected 7 digits and a letter'],
    ['08600211', 'expected 7 digits and a letter'],
    ['', 'expected 7 digits and a letter'],
  ])('rejects %s', (raw, fragment) => {
    const res = checkUai(raw);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toContain(fragment);
  });

  it('never uses I, O or Q as a check letter', () => {
    const letters = new Set(Array.from({ length: 23 }, (_, n) => uaiCheckLetter(String(n).padStart(7, '0'))));
    expect(letters.size).toBe(23);
    for (const l of ['I', 'O', 'Q']) expect(letters.has(l)).toBe(false);
  });
});
