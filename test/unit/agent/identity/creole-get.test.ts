import { describe, expect, it } from 'vitest';
import { creoleGet } from '../../../../agent/identity/creole-get-command.ts';
import { fixturePath, readFixture } from '../../../helpers/fixtures.ts';

describe('vigie-agent creole-get (the EOLE hooks fallback of CreoleGet)', () => {
  const read = (p: string) => readFixture(...p.split('/').slice(-3));

  it('gives a string, a list and an index-keyed object as one value per entry', () => {
    const file = fixturePath('eole', 'vigie', 'proxy-ca-urls.eol');
    expect(creoleGet(file, 'activer_vigie', read)).toEqual(['oui']);
    expect(creoleGet(file, 'vigie_intervalle_signal', read)).toEqual(['120']);
    expect(creoleGet(file, 'vigie_url_collecteur', read)).toEqual([
      'https://vigie.ac-poitiers.fr',
      'https://vigie-secours.ac-poitiers.fr:8443',
      'http://10.86.0.12:9630',
    ]);
    expect(creoleGet(fixturePath('eole', 'vigie', 'simple.eol'), 'vigie_url_collecteur', read)).toEqual(['https://vigie.ac-poitiers.fr']);
  });

  it('reads the older INI format too', () => {
    expect(creoleGet(fixturePath('eole', 'config-2.3-ini.eol'), 'nom_machine', (p) => readFixture('eole', p.split('/').pop()!))).toHaveLength(1);
  });

  it('names the file and the variable when it is absent, and the file when unreadable', () => {
    const file = fixturePath('eole', 'vigie', 'simple.eol');
    expect(() => creoleGet(file, 'vigie_fichier_ca', read)).toThrow(expect.objectContaining({ code: 'ERR_CREOLE_VARIABLE_UNKNOWN', message: `${file}: no variable vigie_fichier_ca` }));
    expect(() => creoleGet('/nonexistent/config.eol', 'x', () => { throw new Error('ENOENT'); })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_UNREADABLE' }));
  });
});
