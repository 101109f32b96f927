/**
 * Recognises the columns of a school list, whatever directory it was exported from: the national directories
 * and open-data exports name them differently (`uai`, `Numéro d'UAI`, `Identifiant_de_l_etablissement`;
 * `nom_etablissement`, `Appellation officielle`; `commune`, `Nom_commune`, `Libellé de la commune` …).
 * Headers are compared case- and accent-insensitively, punctuation ignored. A `--columns uai=…,name=…` mapping
 * names the columns of anything else.
 */
import { AppError } from '../../shared/errors.ts';

export const INVENTORY_FIELDS = ['uai', 'name', 'commune', 'type', 'academie', 'email'] as const;
export type InventoryField = (typeof INVENTORY_FIELDS)[number];
export const REQUIRED_FIELDS: readonly InventoryField[] = ['uai', 'name'];

/** Known headers per field, normalised, best first (the first one present wins). */
const KNOWN: Readonly<Record<InventoryField, readonly string[]>> = {
  uai: ['uai', 'numero_uai', 'numero_d_uai', 'code_uai', 'identifiant_de_l_etablissement', 'uai_etablissement', 'code_rne', 'rne', 'numero_etablissement', 'numero_etab'],
  name: ['nom_etablissement', 'appellation_officielle', 'nom_de_l_etablissement', 'libelle_etablissement', 'nom', 'denomination', 'libelle_etab', 'etablissement'],
  commune: ['commune', 'nom_commune', 'libelle_de_la_commune', 'libelle_commune', 'nom_de_la_commune', 'ville', 'localite_d_acheminement', 'localite'],
  type: ['type_etablissement', 'type', 'nature_etablissement', 'libelle_de_la_nature_de_l_uai', 'nature', 'denomination_principale', 'type_d_etablissement'],
  academie: ['libelle_academie', 'academie', 'nom_academie', 'libelle_de_l_academie'],
  email: ['mail', 'email', 'e_mail', 'courriel', 'adresse_mail', 'adresse_electronique', 'mel', 'mail_etablissement', 'contact'],
};

/** `Numéro d'UAI` → `numero_d_uai`: no accents, lower case, every run of other characters one `_`. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Parses `uai=Code établissement,name=Libellé` into field → header. */
export function parseColumnMapping(spec: string): Partial<Record<InventoryField, string>> {
  const mapping: Partial<Record<InventoryField, string>> = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const field = (eq < 0 ? part : part.slice(0, eq)).trim();
    const header = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(INVENTORY_FIELDS as readonly string[]).includes(field) || header === '') {
      throw new AppError(
        'ERR_USAGE',
        `--columns is invalid, expected field=header pairs separated by commas with fields among ${INVENTORY_FIELDS.join(', ')} (actual: '${part.trim()}')`,
      );
    }
    mapping[field as InventoryField] = header;
  }
  return mapping;
}

/** Column index of each field found in `headers`; explicit mappings first, then the known names. */
export function recogniseColumns(
  headers: readonly string[],
  mapping: Partial<Record<InventoryField, string>> = {},
): Partial<Record<InventoryField, number>> {
  const normalised = headers.map(normaliseHeader);
  const found: Partial<Record<InventoryField, number>> = {};
  for (const field of INVENTORY_FIELDS) {
    const explicit = mapping[field];
    if (explicit !== undefined) {
      const index = normalised.indexOf(normaliseHeader(explicit));
      if (index < 0) {
        throw new AppError('ERR_INVENTORY_COLUMNS', `--columns: ${field}=${explicit} names no column of the file (columns: ${headers.join(', ')})`);
      }
      found[field] = index;
      continue;
    }
    for (const known of KNOWN[field]) {
      const index = normalised.indexOf(known);
      if (index >= 0 && !Object.values(found).includes(index)) {
        found[field] = index;
        break;
      }
    }
  }
  const missing = REQUIRED_FIELDS.filter((f) => found[f] === undefined);
  if (missing.length > 0) {
    throw new AppError(
      'ERR_INVENTORY_COLUMNS',
      `no column recognised for ${missing.join(' and ')} (columns: ${headers.join(', ')}); name it with --columns ${missing.map((f) => `${f}=<header>`).join(',')}`,
    );
  }
  return found;
}
