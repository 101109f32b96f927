import { describe, expect, it } from 'vitest';
import { batteryFiguresFr, causeExplanationFr, causeWithDetailFr } from '../../../../collector/presentation/ups-labels-fr.ts';

describe('UPS French labels', () => {
  it.each([
    [{ chargeRatio: 0.54, runtimeSeconds: 720 }, 'charge 54 %, autonomie 12 min'],
    [{ chargeRatio: 1 }, 'charge 100 %'],
    [{ runtimeSeconds: 5400 }, 'autonomie 1 h 30 min'],
    [{}, ''],
  ])('battery figures %j', (ups, text) => {
    expect(batteryFiguresFr(ups)).toBe(text);
  });

  it('shows the cause detail after the cause', () => {
    expect(causeWithDetailFr('power_loss', 'ups_exhausted')).toBe("Coupure de courant ou plantage — batterie de l'onduleur épuisée");
    expect(causeWithDetailFr('power_loss', null)).toBe('Coupure de courant ou plantage');
    expect(causeExplanationFr('power_loss', 'ups_exhausted')).toContain("batterie de l'onduleur épuisée");
  });
});
