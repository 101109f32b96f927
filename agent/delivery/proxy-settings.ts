// Which proxy (if any) carries a push to one collector URL. Pure: the sources are inputs.
// Precedence: the agent's configuration file > HTTPS_PROXY/HTTP_PROXY/NO_PROXY > the EOLE proxy of config.eol.

export interface ProxySources {
  /** `proxy` of the agent's configuration. */
  readonly configured?: { readonly url?: string | undefined; readonly noProxy?: readonly string[] | undefined } | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** From config.eol (`activer_proxy_client`, …). */
  readonly eole?: string | undefined;
}

export interface ProxyChoice {
  readonly uri: string;
  readonly source: 'configuration' | 'environment' | 'config.eol';
}

function envVar(env: ProxySources['env'], name: string): string | undefined {
  const v = env[name] ?? env[name.toLowerCase()];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** NO_PROXY entries: comma- or space-separated. */
export function parseNoProxy(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

/**
 * NO_PROXY matching as curl does it: `*` matches every host; `example.org` and `.example.org` match the host
 * and its subdomains; an entry with `:port` matches that port only; IP addresses match exactly.
 */
export function bypassesProxy(host: string, port: string, noProxy: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy.some((raw) => {
    const entry = raw.toLowerCase().trim();
    if (entry === '*') return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::([0-9]+))?$/.exec(entry);
    if (!m) return false;
    if (m[2] !== undefined && m[2] !== port) return false;
    const name = m[1]!.replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    return h === name || h.endsWith(`.${name}`);
  });
}

/** The proxy for `targetUrl`, or undefined for a direct connection. */
export function proxyFor(targetUrl: string, sources: ProxySources): ProxyChoice | undefined {
  const url = new URL(targetUrl);
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  const noProxy = sources.configured?.noProxy ?? parseNoProxy(envVar(sources.env, 'NO_PROXY'));
  if (bypassesProxy(url.hostname, port, noProxy)) return undefined;
  if (sources.configured?.url !== undefined) return { uri: sources.configured.url, source: 'configuration' };
  const fromEnv = envVar(sources.env, url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
  if (fromEnv !== undefined) return { uri: fromEnv, source: 'environment' };
  if (sources.eole !== undefined) return { uri: sources.eole, source: 'config.eol' };
  return undefined;
}
