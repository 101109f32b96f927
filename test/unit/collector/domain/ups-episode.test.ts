import { describe, expect, it } from 'vitest';
import { causeDetailOnSilence, upsStepOnHeartbeat, type OpenUpsEpisode, type UpsContext } from '../../../../collector/domain/ups-episode.ts';
import type { UpsReading } from '../../../../shared/protocol/index.ts';

const OL: UpsReading = { name: 'eaton', status: ['OL'], onBattery: false, lowBattery: false };
const OB: UpsReading = { name: 'eaton', status: ['OB'], onBattery: true, lowBattery: false };
const OB_LB: UpsReading = { name: 'eaton', status: ['OB', 'LB'], onBattery: true, lowBattery: true };
const OL_LB: UpsReading = { name: 'eaton', status: ['OL', 'CHRG', 'LB'], onBattery: false, lowBattery: true };
const WINDOW = { name: 'Bascule 2025', startMs: 0, endMs: 1, timeZone: 'Europe/Paris' };
const IN_WINDOW: UpsContext = { window: WINDOW, silence: null, policy: { outsideWindow: 'warning' } };
const OUTSIDE: UpsContext = { window: null, silence: null, policy: { outsideWindow: 'warning' } };
const NONE_OUTSIDE: UpsContext = { window: null, silence: null, policy: { outsideWindow: 'none' } };
const SILENCED: UpsContext = { ...IN_WINDOW, silence: { id: 1, uai: '0860021F', machine: null, startsAtMs: 0, endsAtMs: 10, reason: 'travaux', createdBy: 'dsi' } };
const open = (over: Partial<OpenUpsEpisode> = {}): OpenUpsEpisode => ({ id: 7, lowBatteryAtMs: null, notifiedSeverity: 'critical', ...over });

describe('upsStepOnHeartbeat', () => {
  it.each([
    ['no reading: nothing', null, undefined, IN_WINDOW, { op: 'none' }],
    ['no reading keeps an episode open', open(), undefined, IN_WINDOW, { op: 'none' }],
    ['on line, no episode: nothing', null, OL, IN_WINDOW, { op: 'none' }],
    ['low but on line (charging): nothing', null, OL_LB, IN_WINDOW, { op: 'none' }],
    ['on battery in a window: open, critical', null, OB, IN_WINDOW, { op: 'open', lowBattery: false, notify: 'critical' }],
    ['on battery outside: open, warning', null, OB, OUTSIDE, { op: 'open', lowBattery: false, notify: 'warning' }],
    ['on battery outside with outsideWindow none: open, silent', null, OB, NONE_OUTSIDE, { op: 'open', lowBattery: false, notify: null }],
    ['on battery while silenced: open, silent', null, OB, SILENCED, { op: 'open', lowBattery: false, notify: null }],
    ['straight to low battery: open, low', null, OB_LB, IN_WINDOW, { op: 'open', lowBattery: true, notify: 'critical' }],
    ['still on battery: nothing', open(), OB, IN_WINDOW, { op: 'none' }],
    ['battery goes low: recorded once', open(), OB_LB, IN_WINDOW, { op: 'low_battery', episodeId: 7 }],
    ['still low: nothing', open({ lowBatteryAtMs: 5 }), OB_LB, IN_WINDOW, { op: 'none' }],
    ['back on line: close, resolution with the notified severity', open({ notifiedSeverity: 'warning' }), OL, IN_WINDOW, { op: 'close', episodeId: 7, notify: 'warning' }],
    ['back on line, nothing was sent: close silently', open({ notifiedSeverity: null }), OL, SILENCED, { op: 'close', episodeId: 7, notify: null }],
    ['back on line while silenced: resolution still sent', open(), OL, SILENCED, { op: 'close', episodeId: 7, notify: 'critical' }],
  ])('%s', (_name, episode, reading, ctx, expected) => {
    expect(upsStepOnHeartbeat(episode, reading, ctx)).toEqual(expected);
  });
});

describe('causeDetailOnSilence', () => {
  it('is ups_exhausted only for a silent outage while an episode is open', () => {
    expect(causeDetailOnSilence('power_loss', open())).toBe('ups_exhausted');
    expect(causeDetailOnSilence('power_loss', null)).toBeNull();
    expect(causeDetailOnSilence('shutdown', open())).toBeNull();
  });
});
