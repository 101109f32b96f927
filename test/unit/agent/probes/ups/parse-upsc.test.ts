import { describe, expect, it } from 'vitest';
import { parseUpscList, parseUpscReading, parseUpscVariables } from '../../../../../agent/probes/ups/parse-upsc.ts';
import { readFixture } from '../../../../helpers/fixtures.ts';

describe('parseUpscReading', () => {
  it.each([
    ['OL', 'ups.status: OL\nbattery.charge: 100\nbattery.runtime: 1920\n', { status: ['OL'], onBattery: false, lowBattery: false, chargeRatio: 1, runtimeSeconds: 1920 }],
    ['OB DISCHRG', 'battery.charge: 54\nbattery.runtime: 720\nups.status: OB DISCHRG\n', { status: ['OB', 'DISCHRG'], onBattery: true, lowBattery: false, chargeRatio: 0.54, runtimeSeconds: 720 }],
    ['OB LB', 'ups.status: OB LB\nbattery.charge: 8\nbattery.runtime: 95\n', { status: ['OB', 'LB'], onBattery: true, lowBattery: true, chargeRatio: 0.08, runtimeSeconds: 95 }],
    ['OL RB (replace battery)', 'ups.status: OL RB\n', { status: ['OL', 'RB'], onBattery: false, lowBattery: false }],
    ['OL CHRG LB (charging, still low)', 'ups.status: OL CHRG LB\nbattery.charge: 12.5\n', { status: ['OL', 'CHRG', 'LB'], onBattery: false, lowBattery: true, chargeRatio: 0.125 }],
    ['charge above 100 % clamped', 'ups.status: OL\nbattery.charge: 103\n', { chargeRatio: 1 }],
    ['non-numeric charge and runtime dropped', 'ups.status: OL\nbattery.charge: n/a\nbattery.runtime: -1\n', { status: ['OL'] }],
    ['absurd runtime dropped', 'ups.status: OB\nbattery.runtime: 99999999\n', { status: ['OB'], onBattery: true }],
    ['extra blanks and CRLF', '  ups.status:   OB   LB  \r\nbattery.charge : 20\r\n', { status: ['OB', 'LB'], lowBattery: true, chargeRatio: 0.2 }],
  ])('%s', (_name, text, expected) => {
    const reading = parseUpscReading('eaton@localhost', text);
    expect(reading).toMatchObject({ name: 'eaton@localhost', ...expected });
    if (!('chargeRatio' in expected)) expect(reading).not.toHaveProperty('chargeRatio');
    if (!('runtimeSeconds' in expected)) expect(reading).not.toHaveProperty('runtimeSeconds');
  });

  it('is undefined without ups.status (not a UPS answer)', () => {
    expect(parseUpscReading('x', '')).toBeUndefined();
    expect(parseUpscReading('x', 'Error: Unknown UPS\n')).toBeUndefined();
    expect(parseUpscReading('x', 'battery.charge: 50\n')).toBeUndefined();
  });

  it('keeps at most 16 well-formed status tokens', () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `T${i}`).join(' ');
    expect(parseUpscReading('x', `ups.status: OB <bad> ${tokens}\n`)?.status).toHaveLength(16);
    expect(parseUpscReading('x', 'ups.status: OB <bad>\n')?.status).toEqual(['OB']);
  });

  it.each([
    ['on-line.txt', { status: ['OL', 'CHRG'], onBattery: false, lowBattery: false, chargeRatio: 1, runtimeSeconds: 1920 }],
    ['on-battery.txt', { status: ['OB', 'DISCHRG'], onBattery: true, lowBattery: false, chargeRatio: 0.54, runtimeSeconds: 720 }],
    ['low-battery.txt', { status: ['OB', 'LB'], onBattery: true, lowBattery: true, chargeRatio: 0.08, runtimeSeconds: 95 }],
  ])('reads the real dummy-ups capture %s', (file, expected) => {
    expect(parseUpscReading('dummy@127.0.0.1:3493', readFixture('nut', file))).toEqual({ name: 'dummy@127.0.0.1:3493', ...expected });
  });
});

describe('parseUpscVariables', () => {
  it('keeps values with colons and the first of duplicated keys', () => {
    const vars = parseUpscVariables('driver.parameter.port: /dev/ttyS0:1\nups.status: OL\nups.status: OB\nnot a line\n');
    expect(vars.get('driver.parameter.port')).toBe('/dev/ttyS0:1');
    expect(vars.get('ups.status')).toBe('OL');
    expect(vars.size).toBe(2);
  });
});

describe('parseUpscList', () => {
  it('lists UPS names, one per line', () => {
    expect(parseUpscList(readFixture('nut', 'list.txt'))).toEqual(['dummy']);
    expect(parseUpscList('eaton\n\nups-2\nInit SSL without certificate database\n')).toEqual(['eaton', 'ups-2']);
    expect(parseUpscList('')).toEqual([]);
  });
});
