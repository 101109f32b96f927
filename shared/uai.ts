/**
 * UAI (Unité Administrative Immatriculée, formerly RNE): 7 digits and a check letter.
 * The letter is the 7-digit number modulo 23, indexed into the alphabet without I, O and Q.
 */
const CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** The check letter for the 7 digits of a UAI. */
export function uaiCheckLetter(digits: string): string {
  if (!/^[0-9]{7}$/.test(digits)) throw new RangeError(`uai digits must be 7 digits (actual: '${digits}')`);
  return CHECK_LETTERS[Number(digits) % 23]!;
}

export type UaiCheck = { readonly ok: true; readonly uai: string } | { readonly ok: false; readonly reason: string };

/** Normalises a UAI (trim, upper case) and verifies its shape and check letter. */
export function checkUai(raw: string): UaiCheck {
  const uai = raw.trim().toUpperCase();
  if (!/^[0-9]{7}[A-Z]$/.test(uai)) {
    return { ok: false, reason: `expected 7 digits and a letter, e.g. 0860021F (actual: '${raw}')` };
  }
  const expected = uaiCheckLetter(uai.slice(0, 7));
  if (uai[7] !== expected) {
    return { ok: false, reason: `check letter of '${uai}' should be '${expected}'` };
  }
  return { ok: true, uai };
}
