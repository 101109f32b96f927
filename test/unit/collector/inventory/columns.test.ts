import { describe, expect, it } from 'vitest';
import { normaliseHeader, parseColumnMapping, recogniseColumns } from '../../../../collector/inventory/columns.ts';

describe('normaliseHeader', () => {
  it.each([
    ["Numéro d'UAI", 'numero_d_uai'],
    ['Identifiant_de_l_etablissement', 'identifiant_de_l_etablissement'],
    ['  Libellé de la commune ', 'libelle_de_la_commune'],
    ['APPELLATION OFFICIELLE', 'appellation_officielle'],
    ['Académie', 'academie'],
  ])('%s → %s', (header, expected) => expect(normaliseHeader(header)).toBe(expected));
});

describe('recogniseColumns', () => {
  it('recognises the open-data export', () => {
    const headers = ['Identifiant_de_l_etablissement', 'Nom_etablissement', 'Type_etablissement', 'Nom_commune', 'Libelle_academie', 'Mail'];
    expect(recogniseColumns(headers)).toEqual({ uai: 0, name: 1, type: 2, commune: 3, academie: 4, email: 5 });
  });

  it('recognises the national directory headers, accents and case aside', () => {
    const headers = ["NUMÉRO D'UAI", 'Dénomination principale', 'Appellation officielle', 'Libellé de la commune', 'Académie'];
    expect(recogniseColumns(headers)).toEqual({ uai: 0, type: 1, name: 2, commune: 3, academie: 4 });
  });

  it('recognises the short names', () => {
    expect(recogniseColumns(['uai', 'nom_etablissement', 'commune'])).toEqual({ uai: 0, name: 1, commune: 2 });
  });

  it('takes an explicit mapping for anything else', () => {
    const mapping = parseColumnMapping('uai=Code établissement, name=Libellé long,commune=Ville siège');
    expect(recogniseColumns(['Libellé long', 'CODE ETABLISSEMENT', 'ville siège'], mapping)).toEqual({ uai: 1, name: 0, commune: 2 });
  });

  it('names the missing field and the headers it saw', () => {
    expect(() => recogniseColumns(['code', 'libellé'])).toThrow(/no column recognised for uai and name \(columns: code, libellé\); name it with --columns uai=<header>,name=<header>/);
  });

  it('refuses a mapping to a column that does not exist, or an unknown field', () => {
    expect(() => recogniseColumns(['uai', 'nom'], { name: 'Libellé' })).toThrow(/--columns: name=Libellé names no column/);
    expect(() => parseColumnMapping('ville=Commune')).toThrow(/--columns is invalid, expected field=header pairs .* \(actual: 'ville=Commune'\)/);
  });
});
