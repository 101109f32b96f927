import { describe, expect, it } from 'vitest';
import { HeartbeatSchema, type UpsReading } from '../../../../shared/protocol/index.ts';
import { aHeartbeat } from '../../../../shared/testing/messages.ts';
import { protocolError } from '../../../../shared/testing/validate-message.ts';

const UPS: UpsReading = { name: 'eaton@localhost', status: ['OB', 'LB'], onBattery: true, lowBattery: true, chargeRatio: 0.08, runtimeSeconds: 95 };

describe('heartbeat ups field', () => {
  it('is optional and accepted when well-formed', () => {
    expect(protocolError(HeartbeatSchema, aHeartbeat())).toBeUndefined();
    expect(protocolError(HeartbeatSchema, aHeartbeat({ ups: UPS }))).toBeUndefined();
    expect(protocolError(HeartbeatSchema, aHeartbeat({ ups: { name: 'x', status: [], onBattery: false, lowBattery: false } }))).toBeUndefined();
  });

  it.each([
    ['a charge above 1', { ...UPS, chargeRatio: 54 }, 'chargeRatio'],
    ['a negative runtime', { ...UPS, runtimeSeconds: -1 }, 'runtimeSeconds'],
    ['an empty name', { ...UPS, name: '' }, 'name'],
    ['too many tokens', { ...UPS, status: Array.from({ length: 17 }, () => 'OB') }, 'status'],
    ['an unknown field', { ...UPS, voltage: 230 }, 'ups'],
  ])('refuses %s', (_name, ups, field) => {
    expect(protocolError(HeartbeatSchema, { ...aHeartbeat(), ups })).toContain(field);
  });
});
