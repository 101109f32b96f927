import type { CreoleValues } from './parse-config-eol.ts';

/**
 * The HTTP proxy EOLE configures for the server's own clients (Creole `activer_proxy_client` = `oui`,
 * `proxy_client_adresse`, `proxy_client_port`, default port 3128), as a URL; undefined when disabled or unset.
 */
export function eoleProxyUrl(creole: CreoleValues | undefined): string | undefined {
  const get = (name: string) => creole?.get(name)?.[0]?.trim() ?? '';
  if (get('activer_proxy_client').toLowerCase() !== 'oui') return undefined;
  const host = get('proxy_client_adresse');
  if (host === '') return undefined;
  const port = /^[0-9]{1,5}$/.test(get('proxy_client_port')) ? get('proxy_client_port') : '3128';
  return /^https?:\/\//.test(host) ? `${host.replace(/\/+$/, '')}:${port}` : `http://${host}:${port}`;
}
