// The undici dispatchers the sender uses per collector URL: a direct Agent trusting `caFile` when given, or a
// ProxyAgent (CONNECT tunnel) whose TLS to the collector trusts the same CA.
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { proxyFor, type ProxyChoice, type ProxySources } from './proxy-settings.ts';

export interface Route {
  readonly dispatcher: Dispatcher;
  readonly proxy: ProxyChoice | undefined;
}

export interface Dispatchers {
  routeFor(url: string): Route;
  close(): Promise<void>;
}

export function createDispatchers(opts: { ca?: string | undefined; proxies: ProxySources }): Dispatchers {
  const tls = opts.ca === undefined ? {} : { ca: opts.ca };
  const direct = new Agent({ connect: tls });
  const viaProxy = new Map<string, ProxyAgent>();
  return {
    routeFor(url) {
      const proxy = proxyFor(url, opts.proxies);
      if (proxy === undefined) return { dispatcher: direct, proxy };
      let agent = viaProxy.get(proxy.uri);
      if (agent === undefined) {
        agent = new ProxyAgent({ uri: proxy.uri, requestTls: tls });
        viaProxy.set(proxy.uri, agent);
      }
      return { dispatcher: agent, proxy };
    },
    async close() {
      await Promise.all([direct.close(), ...[...viaProxy.values()].map((a) => a.close())]);
    },
  };
}
