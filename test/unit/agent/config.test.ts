import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../../agent/config.ts';

const files: Record<string, string> = {
  '/etc/vigie/agent.yaml': 'collectorUrl: https://vigie.ac-poitiers.fr\ntoken: vigie_abcdefgh\nheartbeatIntervalSeconds: 30\n',
  '/etc/vigie/bad-key.yaml': 'collectorUrl: https://x.fr\nheartbeatIntervalSecs: 30\n',
  '/etc/vigie/bad-value.yaml': 'heartbeatIntervalSeconds: 0\ncollectorUrl: ftp://x\n',
  '/etc/vigie/not-a-map.yaml': '- a\n- b\n',
  '/etc/vigie/broken.yaml': 'a: [1, 2\n',
  '/etc/vigie/token': 'vigie_fromfile123\n',
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
