import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_GROUPS } from '../../../../agent/probes/profiles/profile-map.ts';
import { DEFAULT_LAYOUT } from '../../../../agent/probes/spaces/layout.ts';
import { resolveScanConfig, ScanConfigSchema } from '../../../../agent/schedule/scan-config.ts';
import { validateConfig } from '../../../../shared/config/validate.ts';
import { isAppError } from '../../../../shared/errors.ts';

// The agent config embeds the schema as its `scan` key.
const Wrapper = Type.Object({ scan: ScanConfigSchema }, { additionalProperties: false });

describe('ScanConfigSchema', () => {
  it('fills every default from an empty file, and resolves to the Scribe defaults', () => {
    const cfg = validateConfig(Wrapper, {}, 'agent.yaml');
    expect(cfg.scan).toMatchObject({ enabled: true, cron: '0 30 2 * * *', timezone: 'Europe/Paris', workers: 2, walker: 'find', walkerNiceness: 19, quotaMounts: ['/home'] });
    const resolved = resolveScanConfig(cfg.scan);
    expect(resolved.spaces.walker).toBe('find');
    expect(resolveScanConfig(validateConfig(Wrapper, { scan: { walker: 'node' } }, 'agent.yaml').scan).spaces.walker).toBe('node');
    expect(() => validateConfig(Wrapper, { scan: { walker: 'raw' } }, 'agent.yaml')).toThrow(/walker/); // removed: it used Node internals
    expect(resolved).toEqual(resolveScanConfig());
    expect(resolved.spaces.layout).toEqual(DEFAULT_LAYOUT);
    expect(resolved.profiles.groups).toEqual(DEFAULT_PROFILE_GROUPS);
    expect(resolved.quota).toEqual({ repquotaPath: '/usr/sbin/repquota', mounts: ['/home'], timeoutMs: 120_000, numericIds: false });
  });

  it('overrides parts of the layout and the group names', () => {
    const cfg = validateConfig(Wrapper, { scan: { layout: { adminLogin: 'admin', shares: { ...DEFAULT_LAYOUT.shares, mediaprof: 'MediaProf' } }, quotaMounts: 'all' } }, 'agent.yaml');
    const r = resolveScanConfig(cfg.scan);
    expect(r.spaces.layout.adminLogin).toBe('admin');
    expect(r.spaces.layout.shares.mediaprof).toBe('MediaProf');
    expect(r.spaces.layout.homeDir).toBe('/home');
    expect(r.quota.mounts).toBe('all');
  });

  it.each([
    [{ workers: 0 }, /scan\.workers/],
    [{ walkerNiceness: 20 }, /scan\.walkerNiceness/],
    [{ walker: 'du' }, /scan\.walker/],
    [{ layout: { nope: 1 } }, /scan\.layout/],
    [{ quotaMounts: 'some' }, /scan\.quotaMounts/],
  ])('rejects %j naming the key', (scan, message) => {
    let caught: unknown;
    try {
      validateConfig(Wrapper, { scan }, 'agent.yaml');
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'ERR_CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
