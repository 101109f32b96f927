// The connection pools the sender uses per collector URL: direct keep-alive agents, or a proxy agent (CONNECT
// tunnel for https targets, absolute-form requests for http targets); the CA file's PEM goes with every request,
// so that the collector's certificate is checked against it directly and inside a tunnel alike.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { proxyFor, type ProxyChoice, type ProxySources } from './proxy-settings.ts';

export interface Route {
  readonly agent: HttpAgent;
  /** PEM CAs for the collector's certificate (the TLS to an https:// proxy itself keeps the system's CAs). */
  readonly ca: string | undefined;
  readonly proxy: ProxyChoice | undefined;
}

export interface Routes {
  routeFor(url: string): Route;
  /** Closes every pooled connection. */
  close(): Promise<void>;
}

/** One or two messages at a time go to the collector: a small pool, kept alive between beats. */
const POOL = { keepAlive: true, maxSockets: 2 } as const;

export function createRoutes(opts: { ca?: string | undefined; proxies: ProxySources }): Routes {
  const direct = { http: new HttpAgent(POOL), https: new HttpsAgent(POOL) };
  const viaProxy = new Map<string, HttpAgent>();
  const all = (): HttpAgent[] => [direct.http, direct.https, ...viaProxy.values()];
  return {
    routeFor(url) {
      const https = new URL(url).protocol === 'https:';
      const proxy = proxyFor(url, opts.proxies);
      if (proxy === undefined) return { agent: https ? direct.https : direct.http, ca: opts.ca, proxy };
      const key = `${https ? 'https' : 'http'} ${proxy.uri}`;
      let agent = viaProxy.get(key);
      if (agent === undefined) {
        agent = https ? new HttpsProxyAgent(proxy.uri, POOL) : new HttpProxyAgent(proxy.uri, POOL);
        viaProxy.set(key, agent);
      }
      return { agent, ca: opts.ca, proxy };
    },
    async close() {
      for (const agent of all()) agent.destroy();
    },
  };
}
