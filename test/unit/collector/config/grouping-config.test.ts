import { describe, expect, it } from 'vitest';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { toGroupingSettings } from '../../../../collector/config/grouping-config.ts';

function load(yaml: string) {
  return loadCollectorConfig({ file: 'c.yaml', env: {}, readFile: () => yaml });
}

describe('notifications.grouping', () => {
  it('defaults: 30 s, 20 messages per hour and channel', () => {
    const cfg = load('notifications: {}\n');
    expect(toGroupingSettings(cfg.notifications.grouping)).toMatchObject({ delayMs: 30_000, maxPerHourPerChannel: 20 });
    expect(toGroupingSettings(undefined)).toMatchObject({ delayMs: 30_000, maxPerHourPerChannel: 20 });
  });

  it('takes its keys; 0 s turns grouping off', () => {
    const cfg = load('notifications:\n  grouping: { delaySeconds: 0, maxPerHourPerChannel: 5 }\n');
    expect(toGroupingSettings(cfg.notifications.grouping)).toMatchObject({ delayMs: 0, maxPerHourPerChannel: 5 });
  });

  it.each([
    ['delaySeconds: -1', 'c.yaml: notifications.grouping.delaySeconds is invalid, expected'],
    ['delaySeconds: 3601', 'c.yaml: notifications.grouping.delaySeconds is invalid, expected'],
    ['delaySeconds: 1.5', 'c.yaml: notifications.grouping.delaySeconds is invalid, expected'],
    ['maxPerHourPerChannel: 0', 'c.yaml: notifications.grouping.maxPerHourPerChannel is invalid, expected'],
    ["maxPerHourPerChannel: 'many'", 'c.yaml: notifications.grouping.maxPerHourPerChannel is invalid, expected'],
  ])('refuses %s, naming the key', (value, message) => {
    expect(() => load(`notifications:\n  grouping: { ${value} }\n`)).toThrow(message);
  });

  it('refuses an unknown key', () => {
    expect(() => load('notifications:\n  grouping: { delay: 30 }\n')).toThrow(/notifications\.grouping/);
  });
});
