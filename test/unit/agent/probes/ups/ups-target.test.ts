import { describe, expect, it } from 'vitest';
import { NO_DISCOVERY, discoveredName, upsTarget } from '../../../../../agent/probes/ups/ups-target.ts';

const HOUR = 3_600_000;
const auto = { enabled: 'auto' as const, rediscoverSeconds: 3600 };

describe('upsTarget', () => {
  it.each([
    ['disabled', { ...auto, enabled: 'false' as const, name: 'eaton@localhost' }, NO_DISCOVERY, 0, { action: 'none', why: 'disabled' }],
    ['configured name, no discovery', { ...auto, name: 'eaton@localhost' }, NO_DISCOVERY, 0, { action: 'read', name: 'eaton@localhost' }],
    ['no name: discover first', auto, NO_DISCOVERY, 0, { action: 'discover' }],
    ['discovered, still fresh', auto, { atMs: 0, found: 'dummy@localhost', upscMissing: false }, HOUR - 1, { action: 'read', name: 'dummy@localhost' }],
    ['nothing found, still fresh', auto, { atMs: 0, found: null, upscMissing: false }, 10, { action: 'none', why: 'none_found' }],
    ['stale after an hour: discover again', auto, { atMs: 0, found: 'dummy@localhost', upscMissing: false }, HOUR, { action: 'discover' }],
    ['clock moved back: discover again', auto, { atMs: HOUR, found: 'dummy@localhost', upscMissing: false }, 0, { action: 'discover' }],
    ['upsc missing, fresh', auto, { atMs: 0, found: null, upscMissing: true }, 10, { action: 'none', why: 'upsc_missing' }],
    ['upsc missing, even with a name', { ...auto, name: 'eaton' }, { atMs: 0, found: null, upscMissing: true }, 10, { action: 'none', why: 'upsc_missing' }],
    ['upsc missing, stale: try again', { ...auto, name: 'eaton' }, { atMs: 0, found: null, upscMissing: true }, HOUR, { action: 'read', name: 'eaton' }],
  ])('%s', (_name, config, state, nowMs, expected) => {
    expect(upsTarget(config, state, nowMs)).toEqual(expected);
  });
});

describe('discoveredName', () => {
  it('takes the first listed UPS on the host asked', () => {
    expect(discoveredName(['dummy', 'other'], '127.0.0.1:3493')).toBe('dummy@127.0.0.1:3493');
    expect(discoveredName(['eaton'], undefined)).toBe('eaton@localhost');
    expect(discoveredName([], undefined)).toBeNull();
  });
});
