import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../../collector/inventory/decode-text.ts';
import { detectDelimiter, parseInventory } from '../../../../collector/inventory/parse-inventory.ts';
import { fixturePath } from '../../../helpers/fixtures.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM, and Windows-1252, keeping « é »', () => {
    expect(decodeText(utf8('\uFEFFCollège'))).toEqual({ text: 'Collège', encoding: 'utf-8', bom: true });
    expect(decodeText(utf8('Collège'))).toEqual({ text: 'Collège', encoding: 'utf-8', bom: false });
    expect(decodeText(iconv.encode('Collège Théodore « Monod » – œ', 'win1252'))).toEqual({
      text: 'Collège Théodore « Monod » – œ',
      encoding: 'windows-1252',
      bom: false,
    });
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['uai;nom;commune\n1,2;3', ';'],
    ['uai,nom,commune\n', ','],
    ['uai\tnom\tcommune', '\t'],
    ['"a;b",c,d\n', ','],
    ['uai\n', ','],
  ])('%j → %j', (text, d) => expect(detectDelimiter(text)).toBe(d));
});

describe('parseInventory', () => {
  it('reads the Windows-1252 open-data fixture', () => {
    const parsed = parseInventory(readFileSync(fixturePath('inventory', 'annuaire-education-poitiers-cp1252.csv')));
    expect(parsed.encoding).toBe('windows-1252');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.errors).toEqual([]);
    expect(parsed.schools).toHaveLength(10);
    expect(parsed.schools[4]).toMatchObject({ name: 'Collège Louise Michel', commune: 'Lussac-les-Châteaux', type: 'Collège', academie: 'Poitiers', departement: '86', line: 6 });
    expect(parsed.schools.map((s) => s.departement)).toContain('79');
  });

  it('reads the UTF-8 BOM national-directory fixture, quoted fields, Corsica and overseas', () => {
    const parsed = parseInventory(readFileSync(fixturePath('inventory', 'adr-utf8-bom-virgule.csv')));
    expect(parsed.encoding).toBe('utf-8');
    expect(parsed.delimiter).toBe(',');
    expect(parsed.columns).toEqual({
      uai: "Numéro d'UAI",
      name: 'Appellation officielle',
      commune: 'Libellé de la commune',
      type: 'Dénomination principale',
      academie: 'Académie',
      email: 'Adresse électronique',
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.schools.map((s) => s.departement)).toEqual(['2A', '2B', '974', '971', '976', '33', '33', '64', '47', '24']);
    expect(parsed.schools[7]!.name).toBe('Lycée Louis Barthou, "cité scolaire"');
  });

  it('reports each bad row with its line and field, and keeps the good ones', () => {
    const text = [
      'uai;nom_etablissement;commune;mail',
      '0860021F;Collège Jean Moulin;Poitiers;ce.0860021f@ac-poitiers.fr', // 2
      '0860021A;Collège faux;Poitiers;', // 3: check letter
      '0860022G;;Poitiers;', // 4: no name
      '0860023H;Lycée court', // 5: short row
      '"0860024J";"Lycée sur', // 6
      'deux lignes";Poitiers;ce@x', // 7: bad e-mail, the row starts on line 6
      '0860021F;Doublon;Poitiers;', // 8: duplicate
      '0860025K;Collège Ronsard;Chauvigny;', // 9
    ].join('\n');
    const parsed = parseInventory(utf8(text));
    expect(parsed.schools.map((s) => [s.uai, s.line])).toEqual([
      ['0860021F', 2],
      ['0860025K', 9],
    ]);
    expect(parsed.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'uai'],
      [4, 'name'],
      [5, 'row'],
      [6, 'email'],
      [8, 'uai'],
    ]);
    expect(parsed.errors[0]!.message).toBe("line 3: uai is invalid, check letter of '0860021A' should be 'F'");
    expect(parsed.errors[2]!.message).toMatch(/^line 5: row is malformed, Invalid Record Length: expect 4, got 2/);
    expect(parsed.errors[4]!.message).toBe('line 8: uai 0860021F is a duplicate, expected each school once (first on line 2)');
  });

  it('refuses a file without a header', () => {
    expect(() => parseInventory(utf8(''))).toThrow(/the file is empty/);
  });
});
