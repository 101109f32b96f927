// The connection pools the sender uses per collector URL: direct keep-alive agents, or a proxy agent (CONNECT
// tunnel for https targets, absolute-form requests for http targets); the CA file's PEM goes with every request,
// so that the collector's certificate is checked against it directly and inside a tunnel alike.
// https-proxy-agent and http-proxy-agent are imported only when a collector URL goes through a proxy: loaded,
// they cost the idle daemon ≈ 1.5 MB of resident memory (docs/BENCHMARKS.md, Footprint).
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { proxyFor, type ProxyChoice, type ProxySources } from './proxy-settings.ts';

export interface Route {
  readonly agent: HttpAgent;
  /** PEM CAs for the collector's certificate (the TLS to an https:// proxy itself keeps the system's CAs). */
  readonly ca: string | undefined;
  readonly proxy: ProxyChoice | undefined;
}

export interface Routes {
  /** The route of one of the URLs given to {@link createRoutes}. */
  routeFor(url: string): Route;
  /** Closes every pooled connection. */
  close(): Promise<void>;
}

const base = (url: string): string => url.replace(/\/+$/, '');

/** One or two messages at a time go to the collector: a small pool, kept alive between beats. */
const POOL = { keepAlive: true, maxSockets: 2 } as const;

/** The routes of `urls` (the collector URLs), decided once: the proxy settings do not change while the agent runs. */
export async function createRoutes(opts: { urls: readonly string[]; ca?: string | undefined; proxies: ProxySources }): Promise<Routes> {
  const direct = { http: new HttpAgent(POOL), https: new HttpsAgent(POOL) };
  const choices = opts.urls.map((url) => ({ url, https: new URL(url).protocol === 'https:', proxy: proxyFor(url, opts.proxies) }));
  const proxied = choices.filter((c) => c.proxy !== undefined);
  const [{ HttpsProxyAgent }, { HttpProxyAgent }] =
    proxied.length === 0 ? [{ HttpsProxyAgent: undefined }, { HttpProxyAgent: undefined }] : await Promise.all([import('https-proxy-agent'), import('http-proxy-agent')]);
  const viaProxy = new Map<string, HttpAgent>();
  const routes = new Map<string, Route>();
  for (const { url, https, proxy } of choices) {
    if (proxy === undefined) {
      routes.set(base(url), { agent: https ? direct.https : direct.http, ca: opts.ca, proxy });
      continue;
    }
    const key = `${https ? 'https' : 'http'} ${proxy.uri}`;
    let agent = viaProxy.get(key);
    if (agent === undefined) {
      agent = https ? new HttpsProxyAgent!(proxy.uri, POOL) : new HttpProxyAgent!(proxy.uri, POOL);
      viaProxy.set(key, agent);
    }
    routes.set(base(url), { agent, ca: opts.ca, proxy });
  }
  return {
    routeFor(url) {
      const route = routes.get(base(url));
      if (route === undefined) throw new Error(`createRoutes: no route for ${url} (not one of the collector URLs)`);
      return route;
    },
    async close() {
      for (const agent of [direct.http, direct.https, ...viaProxy.values()]) agent.destroy();
    },
  };
}
