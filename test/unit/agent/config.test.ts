import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../../agent/config.ts';

const files: Record<string, string> = {
  '/etc/vigie/agent.yaml': 'collectorUrl: https://vigie.ac-poitiers.fr\ntoken: vigie_abcdefgh\nheartbeatIntervalSeconds: 30\n',
  '/etc/vigie/bad-key.yaml': 'collectorUrl: https://x.fr\nheartbeatIntervalSecs: 30\n',
  '/etc/vigie/bad-value.yaml': 'heartbeatIntervalSeconds: 0\ncollectorUrl: ftp://x\n',
  '/etc/vigie/not-a-map.yaml': '- a\n- b\n',
  '/etc/vigie/broken.yaml': 'a: [1, 2\n',
  '/etc/vigie/token': 'vigie_fromfile123\n',
  '/etc/vigie/urls.yaml': 'collectorUrls: [https://vigie.ac-poitiers.fr, https://vigie-secours.ac-poitiers.fr]\n',
  '/etc/vigie/both.yaml': 'collectorUrl: https://a.fr\ncollectorUrls: [https://b.fr]\n',
  '/etc/vigie/network.yaml': 'caFile: /etc/vigie/ca.pem\nproxy:\n  url: http://proxy.lan:3128\n  noProxy: [.lan]\nstateDir: /tmp/vigie\nspool:\n  maxMessages: 10\n',
  '/etc/vigie/ca.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  '/etc/vigie/not-pem': 'hello\n',
};
const readFile = (p: string) => {
  const text = files[p];
  if (text === undefined) throw new Error(`ENOENT: no such file '${p}'`);
  return text;
};

describe('loadAgentConfig', () => {
  it('applies defaults without a file', () => {
    const cfg = loadAgentConfig({ env: {}, readFile });
    expect(cfg).toMatchObject({ collectorUrl: 'http://127.0.0.1:9630', rootDir: '/', heartbeatIntervalSeconds: 60, requestTimeoutMs: 10_000 });
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it('reads the file and lets VIGIE_* variables override it', () => {
    const cfg = loadAgentConfig({ file: '/etc/vigie/agent.yaml', env: { VIGIE_HEARTBEAT_INTERVAL_SECONDS: '45', VIGIE_UAI: '0860021F' }, readFile });
    expect(cfg).toMatchObject({ collectorUrl: 'https://vigie.ac-poitiers.fr', token: 'vigie_abcdefgh', heartbeatIntervalSeconds: 45, uai: '0860021F' });
  });

  it('reads the token from tokenFile', () => {
    expect(loadAgentConfig({ env: { VIGIE_TOKEN_FILE: '/etc/vigie/token' }, readFile }).token).toBe('vigie_fromfile123');
  });

  it.each([
    ['an unknown key', { file: '/etc/vigie/bad-key.yaml' }, '/etc/vigie/bad-key.yaml: heartbeatIntervalSecs is invalid, expected no such key'],
    ['a value out of range', { file: '/etc/vigie/bad-value.yaml' }, '/etc/vigie/bad-value.yaml: heartbeatIntervalSeconds is invalid, expected integer to be greater or equal to 1'.replace('integer', 'number')],
    ['a bad URL', { file: '/etc/vigie/bad-value.yaml' }, "collectorUrl is invalid, expected string to match"],
    ['a non-number from the environment', { env: { VIGIE_REQUEST_TIMEOUT_MS: 'soon' } }, "requestTimeoutMs is invalid, expected integer (Timeout of one push, in ms) (actual: 'soon')"],
    ['a timeout not shorter than the interval', { env: { VIGIE_HEARTBEAT_INTERVAL_SECONDS: '5', VIGIE_REQUEST_TIMEOUT_MS: '5000' } }, 'requestTimeoutMs is invalid, expected less than heartbeatIntervalSeconds × 1000 = 5000 (actual: 5000)'],
    ['a top-level list', { file: '/etc/vigie/not-a-map.yaml' }, 'expected a mapping of keys at the top level'],
    ['broken YAML', { file: '/etc/vigie/broken.yaml' }, '/etc/vigie/broken.yaml: not valid YAML'],
    ['a missing file', { file: '/etc/vigie/nope.yaml' }, '/etc/vigie/nope.yaml: cannot read the configuration file'],
    ['a missing token file', { env: { VIGIE_TOKEN_FILE: '/nope' } }, "tokenFile is invalid, expected a readable file (actual: '/nope'"],
  ])('rejects %s with a message naming the key', (_name, input, fragment) => {
    expect(() => loadAgentConfig({ env: {}, readFile, ...input })).toThrow(fragment);
  });

  it('reports every bad key at once', () => {
    try {
      loadAgentConfig({ file: '/etc/vigie/bad-value.yaml', env: {}, readFile });
      expect.unreachable();
    } catch (err) {
      const lines = (err as Error).message.split('\n');
      expect(lines.some((l) => l.includes('heartbeatIntervalSeconds'))).toBe(true);
      expect(lines.some((l) => l.includes('collectorUrl'))).toBe(true);
    }
  });
});

describe('loadAgentConfig: delivery keys', () => {
  it('defaults: one collector URL, state in /var/lib/vigie, bounded spool, catch-up within the hour', () => {
    const cfg = loadAgentConfig({ env: {}, readFile });
    expect(cfg).toMatchObject({ collectorUrls: ['http://127.0.0.1:9630'], stateDir: '/var/lib/vigie', spool: { maxBytes: 64 * 1024 ** 2, maxMessages: 500 }, ca: undefined });
    expect(cfg.scan.catchUpDelaySeconds).toBe(3600);
  });

  it('takes several collector URLs in order; collectorUrl is their one-URL alias', () => {
    expect(loadAgentConfig({ file: '/etc/vigie/urls.yaml', env: {}, readFile })).toMatchObject({
      collectorUrls: ['https://vigie.ac-poitiers.fr', 'https://vigie-secours.ac-poitiers.fr'],
      collectorUrl: 'https://vigie.ac-poitiers.fr',
    });
    expect(loadAgentConfig({ file: '/etc/vigie/agent.yaml', env: {}, readFile }).collectorUrls).toEqual(['https://vigie.ac-poitiers.fr']);
  });

  it('lets VIGIE_COLLECTOR_URL override the list of the file', () => {
    expect(loadAgentConfig({ file: '/etc/vigie/urls.yaml', env: { VIGIE_COLLECTOR_URL: 'https://x.fr' }, readFile }).collectorUrls).toEqual(['https://x.fr']);
  });

  it('reads the CA file, the proxy and the spool bounds', () => {
    const cfg = loadAgentConfig({ file: '/etc/vigie/network.yaml', env: { VIGIE_SPOOL_MAX_BYTES: '2048' }, readFile });
    expect(cfg.ca).toContain('BEGIN CERTIFICATE');
    expect(cfg).toMatchObject({ proxy: { url: 'http://proxy.lan:3128', noProxy: ['.lan'] }, stateDir: '/tmp/vigie', spool: { maxBytes: 2048, maxMessages: 10 } });
  });

  it.each([
    ['both collectorUrl and collectorUrls', { file: '/etc/vigie/both.yaml' }, 'collectorUrl is invalid, expected either collectorUrl or collectorUrls, not both'],
    ['a missing CA file', { env: { VIGIE_CA_FILE: '/nope.pem' } }, "caFile is invalid, expected a readable file (actual: '/nope.pem'"],
    ['a CA file that is not PEM', { env: { VIGIE_CA_FILE: '/etc/vigie/not-pem' } }, 'caFile is invalid, expected a PEM file of certificates'],
    ['a spool bound out of range', { env: { VIGIE_SPOOL_MAX_MESSAGES: '0' } }, 'spool.maxMessages is invalid'],
    ['a catch-up delay out of range', { env: { VIGIE_SCAN_CATCH_UP_DELAY_SECONDS: '-1' } }, 'scan.catchUpDelaySeconds is invalid'],
  ])('rejects %s', (_name, input, fragment) => {
    expect(() => loadAgentConfig({ env: {}, readFile, ...input })).toThrow(fragment);
  });
});

describe('deploy/agent.example.yaml', () => {
  it('is a valid agent configuration', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const example = join(import.meta.dirname, '../../../deploy/agent.example.yaml');
    const cfg = loadAgentConfig({
      file: example,
      env: {},
      readFile: (p) => (p === '/etc/vigie/token' ? 'vigie_exampletoken\n' : readFileSync(p, 'utf8')),
    });
    expect(cfg.token).toBe('vigie_exampletoken');
  });
});
