import { describe, expect, it } from 'vitest';
import { parseConfigEol, parsePythonList, parseReleaseFile } from '../../../../agent/identity/parse-config-eol.ts';
import { resolveIdentity } from '../../../../agent/identity/resolve-identity.ts';
import { readFixture } from '../../../helpers/fixtures.ts';

const fixture = (name: string) => readFixture('eole', name);

const identityOf = (file: string, extra: Partial<Parameters<typeof resolveIdentity>[0]> = {}) =>
  resolveIdentity({
    creole: parseConfigEol(fixture(file), file),
    creoleSource: file,
    configured: {},
    hostname: 'fallback-host',
    searched: [file],
    ...extra,
  });

describe('parseConfigEol on every EOLE sample', () => {
  it.each([
    // file, uai, machine, module, version, release, establishment, academy
    ['config-2.8.eol', '0860021F', 'scribe', 'scribe', '2.8', '2.8.1', 'College Exemple de Poitiers', 'ac-poitiers'],
    ['config-2.10-list-values.eol', '0861234Z', 'a-lp-1234z', 'scribe', '2.10', '2.10.0', "Lycée professionnel d'exemple", 'ac-poitiers'],
    ['config-2.3-ini.eol', '0750654D', 'scribe', undefined, undefined, undefined, "Lycee d'exemple", undefined],
  ])('%s → %s/%s', (file, uai, machine, module, version, release, establishment, academy) => {
    const id = identityOf(file);
    expect(id.server).toEqual({ uai, machine });
    expect(id.eole.module).toBe(module);
    expect(id.eole.version).toBe(version);
    expect(id.eole.release).toBe(release);
    expect(id.eole.establishment).toBe(establishment);
    expect(id.eole.academy).toBe(academy);
  });

  it('reads all three value shapes: string, list and index-keyed object', () => {
    const values = parseConfigEol(fixture('config-2.8.eol'), 'config-2.8.eol');
    expect(values.get('numero_etab')).toEqual(['0860021f']);
    expect(values.get('adresse_network_dhcp')).toEqual(['192.168.10.0']);
    expect(values.get('ip_haute_dhcp')).toEqual(['192.168.10.199']);
    expect(values.has('___version___')).toBe(false);
  });

  it('orders index-keyed values numerically', () => {
    const values = parseConfigEol('{"x": {"owner": {"0": "a"}, "val": {"10": "c", "2": "b", "0": "a"}}}', 'x');
    expect(values.get('x')).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['{"numero_etab": ', 'not valid JSON'],
    ['[numero_etab]\nthis is not a key\n', "line 2: expected '[variable]' or 'key = value', got 'this is not a key'"],
    ['numero_etab=1', 'expected a JSON object or [section] lines'],
    ['[numero_etab]\nval = 0750654d\n', "line 2: expected val = ['…', …], got 'val = 0750654d'"],
  ])('rejects malformed input %#', (text, fragment) => {
    expect(() => parseConfigEol(text, '/etc/eole/config.eol')).toThrow(fragment);
  });
});

describe('parsePythonList', () => {
  it.each([
    ["['a']", ['a']],
    ["['a', 'b']", ['a', 'b']],
    ["[\"x\", 'it\\'s']", ['x', "it's"]],
    ['[]', []],
    ['[1, True]', ['1', 'True']],
  ])('%s', (text, expected) => {
    expect(parsePythonList(text)).toEqual(expected);
  });
  it('returns undefined for a malformed list', () => {
    expect(parsePythonList("['a'")).toBeUndefined();
    expect(parsePythonList("['a' 'b']")).toBeUndefined();
  });
});

describe('parseReleaseFile', () => {
  it('reads the shell-sourceable release file', () => {
    const r = parseReleaseFile(fixture('release-2.8'));
    expect(Object.fromEntries(r)).toMatchObject({ EOLE_MODULE: 'scribe', EOLE_VERSION: '2.8', EOLE_RELEASE: '2.8.1' });
  });
});

describe('resolveIdentity fallbacks', () => {
  const base = { creoleSource: '/etc/eole/config.eol', hostname: 'scribe-test.etb1.lan', searched: ['/etc/eole/config.eol (missing)'] };

  it('uses the configured UAI and the short hostname without EOLE config', () => {
    const id = resolveIdentity({ ...base, configured: { uai: '0860021f' } });
    expect(id.server).toEqual({ uai: '0860021F', machine: 'scribe-test' });
    expect(id.machineSource).toBe('hostname');
  });

  it('takes the version from /etc/eole/release when config.eol lacks it', () => {
    const id = resolveIdentity({ ...base, configured: { uai: '0860021F' }, release: parseReleaseFile(fixture('release-2.8')) });
    expect(id.eole).toMatchObject({ module: 'scribe', version: '2.8', release: '2.8.1' });
  });

  it('refuses to start without a UAI, saying where it looked', () => {
    expect(() => resolveIdentity({ ...base, configured: {} })).toThrow(
      /no school code \(UAI\) found: looked in \/etc\/eole\/config.eol \(missing\)/,
    );
  });

  it('refuses a UAI with a wrong check letter, naming its source', () => {
    expect(() => resolveIdentity({ ...base, configured: { uai: '0860021A' } })).toThrow(
      "agent configuration (uai): UAI is invalid, check letter of '0860021A' should be 'F'",
    );
  });
});
