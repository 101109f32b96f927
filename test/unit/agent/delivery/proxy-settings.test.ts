import { describe, expect, it } from 'vitest';
import { bypassesProxy, parseNoProxy, proxyFor, type ProxySources } from '../../../../agent/delivery/proxy-settings.ts';
import { eoleProxyUrl } from '../../../../agent/identity/eole-proxy.ts';

describe('NO_PROXY matching', () => {
  it.each<[string, string, string, boolean]>([
    ['*', 'vigie.ac-poitiers.fr', '443', true],
    ['ac-poitiers.fr', 'vigie.ac-poitiers.fr', '443', true],
    ['.ac-poitiers.fr', 'vigie.ac-poitiers.fr', '443', true],
    ['ac-poitiers.fr', 'ac-poitiers.fr', '443', true],
    ['poitiers.fr', 'vigie.ac-poitiers.fr', '443', false], // not a label boundary
    ['VIGIE.ac-poitiers.fr', 'vigie.AC-poitiers.fr', '443', true],
    ['vigie.ac-poitiers.fr:8443', 'vigie.ac-poitiers.fr', '443', false],
    ['vigie.ac-poitiers.fr:443', 'vigie.ac-poitiers.fr', '443', true],
    ['127.0.0.1', '127.0.0.1', '9630', true],
    ['127.0.0.1', '127.0.0.10', '9630', false],
    ['[::1]', '::1', '9630', true],
  ])('%s vs %s:%s → %s', (entry, host, port, expected) => {
    expect(bypassesProxy(host, port, parseNoProxy(entry))).toBe(expected);
  });

  it('splits on commas and spaces', () => {
    expect(parseNoProxy(' localhost, .lan 10.0.0.1,,')).toEqual(['localhost', '.lan', '10.0.0.1']);
  });
});

describe('proxyFor: configuration file > environment > config.eol', () => {
  const eole = 'http://proxy.etab.lan:3128';
  it.each<[string, ProxySources, string, string | undefined]>([
    ['nothing set', { env: {} }, 'https://vigie.fr', undefined],
    ['config.eol only', { env: {}, eole }, 'https://vigie.fr', 'http://proxy.etab.lan:3128 config.eol'],
    ['environment over config.eol', { env: { HTTPS_PROXY: 'http://env:8080' }, eole }, 'https://vigie.fr', 'http://env:8080 environment'],
    ['lower-case variable', { env: { https_proxy: 'http://env:8080' } }, 'https://vigie.fr', 'http://env:8080 environment'],
    ['HTTP_PROXY for an http:// collector', { env: { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' } }, 'http://vigie.fr', 'http://p:2 environment'],
    ['configuration over both', { configured: { url: 'http://conf:3128' }, env: { HTTPS_PROXY: 'http://env:8080' }, eole }, 'https://vigie.fr', 'http://conf:3128 configuration'],
    ['NO_PROXY from the environment', { env: { HTTPS_PROXY: 'http://env:8080', NO_PROXY: '.fr' } }, 'https://vigie.fr', undefined],
    ['NO_PROXY applies to the EOLE proxy too', { env: { NO_PROXY: 'vigie.fr' }, eole }, 'https://vigie.fr', undefined],
    ['configured noProxy replaces NO_PROXY', { configured: { url: 'http://conf:1', noProxy: ['other.fr'] }, env: { NO_PROXY: '*' } }, 'https://vigie.fr', 'http://conf:1 configuration'],
  ])('%s', (_name, sources, target, expected) => {
    const choice = proxyFor(target, sources);
    expect(choice === undefined ? undefined : `${choice.uri} ${choice.source}`).toBe(expected);
  });
});

describe('eoleProxyUrl (config.eol)', () => {
  const creole = (vars: Record<string, string>) => new Map(Object.entries(vars).map(([k, v]) => [k, [v]]));
  it.each<[string, Record<string, string>, string | undefined]>([
    ['enabled', { activer_proxy_client: 'oui', proxy_client_adresse: 'proxy.etab.lan', proxy_client_port: '8080' }, 'http://proxy.etab.lan:8080'],
    ['default port', { activer_proxy_client: 'oui', proxy_client_adresse: '10.1.2.3' }, 'http://10.1.2.3:3128'],
    ['disabled', { activer_proxy_client: 'non', proxy_client_adresse: 'proxy.etab.lan', proxy_client_port: '8080' }, undefined],
    ['enabled without an address', { activer_proxy_client: 'oui' }, undefined],
    ['absent', {}, undefined],
  ])('%s', (_name, vars, expected) => {
    expect(eoleProxyUrl(creole(vars))).toBe(expected);
  });
});
