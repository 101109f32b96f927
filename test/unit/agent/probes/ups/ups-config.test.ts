import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../../../../agent/config.ts';

const files: Record<string, string> = {
  '/a.yaml': 'ups:\n  name: eaton@localhost\n  enabled: "true"\n',
  '/bad-enabled.yaml': 'ups:\n  enabled: yes please\n',
  '/bad-name.yaml': 'ups:\n  name: "eaton; rm -rf /"\n',
  '/relative.yaml': 'ups:\n  upscPath: upsc\n',
  '/unknown.yaml': 'ups:\n  nmae: eaton\n',
  '/bool.yaml': 'ups:\n  enabled: false\n',
};
const readFile = (p: string) => {
  const text = files[p];
  if (text === undefined) throw new Error(`ENOENT: no such file '${p}'`);
  return text;
};

describe('agent configuration, ups key', () => {
  it('defaults to auto discovery with /usr/bin/upsc, 2 s, hourly', () => {
    expect(loadAgentConfig({ env: {}, readFile }).ups).toEqual({ enabled: 'auto', upscPath: '/usr/bin/upsc', timeoutMs: 2000, rediscoverSeconds: 3600 });
  });

  it('reads ups.name and ups.enabled, overridable by VIGIE_UPS_*', () => {
    expect(loadAgentConfig({ file: '/a.yaml', env: {}, readFile }).ups).toMatchObject({ name: 'eaton@localhost', enabled: 'true' });
    expect(loadAgentConfig({ file: '/a.yaml', env: { VIGIE_UPS_NAME: 'dummy@127.0.0.1:3493', VIGIE_UPS_ENABLED: 'false' }, readFile }).ups).toMatchObject({
      name: 'dummy@127.0.0.1:3493',
      enabled: 'false',
    });
  });

  it('takes YAML booleans for ups.enabled', () => {
    expect(loadAgentConfig({ file: '/bool.yaml', env: {}, readFile }).ups.enabled).toBe(false);
  });

  it.each([
    ['/bad-enabled.yaml', 'ups/enabled is invalid'],
    ['/bad-name.yaml', 'ups/name is invalid'],
    ['/relative.yaml', 'ups/upscPath is invalid'],
    ['/unknown.yaml', 'ups/nmae is invalid, expected no such key'],
  ])('%s is refused, naming the key', (file, message) => {
    expect(() => loadAgentConfig({ file, env: {}, readFile })).toThrow(message.replace(/\//g, '.'));
  });
});
