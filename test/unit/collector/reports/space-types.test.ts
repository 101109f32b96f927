import { describe, expect, it } from 'vitest';
import { spaceTypeBars } from '../../../../collector/reports/quota-chart.ts';
import { emptyTotals } from '../../../../collector/reports/quota-report.ts';
import { computeSpaceTypes } from '../../../../collector/reports/space-types.ts';
import { space } from '../../../helpers/report-builder.ts';

const MIB = 1024 * 1024;

describe('computeSpaceTypes', () => {
  it('groups spaces as perso, classes, shares, recyclage and mail, a nested space counted once in the innermost', () => {
    const types = computeSpaceTypes([
      space('perso', 'admin', { apparentMiB: 100, path: '/home/adhomes/admin/perso' }),
      space('recyclage', 'recyclage', { apparentMiB: 30, path: '/home/adhomes/admin/perso/recyclage' }),
      space('classe_donnees', '3A', { apparentMiB: 20 }),
      space('option_travail', 'latin', { apparentMiB: 5 }),
      space('profs_classe', 'profs-3A', { apparentMiB: 1 }),
      space('commun', 'commun', { apparentMiB: 50 }),
      space('commun_travail', 'commun', { apparentMiB: 10 }), // /home/workgroups/commun/travail, inside commun
      space('mail', 'admin', { apparentMiB: 7 }),
    ]);
    expect(types).toEqual({ perso: 70 * MIB, classes: 26 * MIB, shares: 50 * MIB, recyclage: 30 * MIB, mail: 7 * MIB });
  });

  it('feeds the chart bars, with the part older than 3 years last', () => {
    const bars = spaceTypeBars({ spaceTypes: { perso: 2 * MIB, classes: 0, shares: 0, recyclage: 0, mail: 0 }, fleet: { ...emptyTotals(), olderThan3yBytes: MIB } });
    expect(bars.map((b) => [b.label, b.valueLabel])).toEqual([
      ['Espaces personnels (perso)', '2\u00a0Mo'], ['Classes et options', '0\u00a0o'], ['Autres partages (commun, profs…)', '0\u00a0o'],
      ['Recyclage', '0\u00a0o'], ['Messagerie', '0\u00a0o'], ['Dont plus de 3 ans (à trier)', '1\u00a0Mo'],
    ]);
  });
});
