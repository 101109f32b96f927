/**
 * The département of a school, from its UAI.
 *
 * The first three characters of a UAI are the département in the Ministry's own codification (BCE « Base
 * centrale des établissements », formerly RNE; format: 3 characters of département, 4 digits, 1 check
 * letter — see `shared/uai.ts`): `0` and the two INSEE digits in metropolitan France (`086` → 86 Vienne,
 * `095` → 95 Val-d'Oise), `620` for Corse-du-Sud (2A) and `720` for Haute-Corse (2B), and the three INSEE
 * digits overseas: 971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion, 975 Saint-Pierre-et-Miquelon,
 * 976 Mayotte.
 * Checked against public documentation: the « Tableau de codification des départements » of the académie de
 * la Martinique's annexes (001 Ain … 620 Corse du Sud, 720 Haute Corse … 971–976) and the description of the
 * UAI code (« 3 premiers chiffres … correspondent au département, par exemple 012 pour l'Aveyron, 095 pour le
 * Val-d'Oise, 974 pour la Réunion »). Other `9xx` prefixes (collectivités d'outre-mer) are returned as is.
 */

/** Corsica's codes in the Education nationale codification. */
const CORSICA: Readonly<Record<string, string>> = { '620': '2A', '720': '2B' };

export type DepartementResult = { readonly ok: true; readonly code: string } | { readonly ok: false; readonly reason: string };

/** The département code (`86`, `2A`, `974`) of a UAI whose shape was already checked (7 digits + letter). */
export function departementOfUai(uai: string): DepartementResult {
  const prefix = uai.slice(0, 3);
  if (!/^[0-9]{3}$/.test(prefix)) return { ok: false, reason: `expected a UAI starting with 3 digits (actual: '${uai}')` };
  const corsica = CORSICA[prefix];
  if (corsica !== undefined) return { ok: true, code: corsica };
  if (prefix >= '970') return { ok: true, code: prefix };
  if (prefix >= '001' && prefix <= '095' && prefix !== '020') return { ok: true, code: prefix.slice(1) };
  return { ok: false, reason: `'${prefix}' is not a département code of the UAI codification (001–095 but 020, 620, 720 or 97N–99N)` };
}
