import { describe, expect, it } from 'vitest';
import { schoolNameFr, serverLabelFr } from '../../../../collector/notifications/messages-fr.ts';

describe('the school named with its commune', () => {
  it('adds the commune of the inventory when known', () => {
    const server = { uai: '0860021F', machine: 'scribe', name: 'Collège Jean Moulin' };
    expect(schoolNameFr(server)).toBe('Collège Jean Moulin');
    expect(serverLabelFr({ ...server, commune: 'Poitiers' })).toBe('Serveur Scribe scribe — Collège Jean Moulin, Poitiers (0860021F)');
  });
});
