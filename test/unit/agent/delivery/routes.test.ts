// Which connection pool carries each collector URL: direct keep-alive agents, or a proxy agent of the right kind
// (CONNECT tunnel for https targets, absolute-form for http targets), with the CA handed to every route.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoutes, type Routes } from '../../../../agent/delivery/routes.ts';
import { createHttpSender } from '../../../../agent/delivery/sender.ts';
import type { TransportRequest } from '../../../../agent/delivery/http-transport.ts';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const opened: Routes[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.close()));
});
async function routes(urls: string[], env: Record<string, string> = {}, configured?: { url?: string; noProxy?: string[] }): Promise<Routes> {
  const r = await createRoutes({ urls, ca: CA, proxies: { env, configured } });
  opened.push(r);
  return r;
}

describe('createRoutes', () => {
  it('goes direct through keep-alive agents with at most 2 sockets when no proxy is set', async () => {
    const r = await routes(['https://vigie.ac-poitiers.fr', 'http://10.0.0.5:9630/']);
    const https = r.routeFor('https://vigie.ac-poitiers.fr');
    const http = r.routeFor('http://10.0.0.5:9630');
    expect(https.agent).toBeInstanceOf(HttpsAgent);
    expect(http.agent).not.toBeInstanceOf(HttpsAgent);
    expect(http.agent).toBeInstanceOf(HttpAgent);
    for (const route of [https, http]) {
      expect(route.proxy).toBeUndefined();
      expect(route.ca).toBe(CA);
      expect((route.agent as HttpAgent & { keepAlive: boolean }).keepAlive).toBe(true);
      expect(route.agent.maxSockets).toBe(2);
    }
  });

  it('tunnels https targets through HTTPS_PROXY and sends http targets in absolute form through HTTP_PROXY', async () => {
    const r = await routes(['https://vigie.fr', 'http://vigie.lan:9630'], { HTTPS_PROXY: 'http://p:3128', HTTP_PROXY: 'http://q:3128' });
    const https = r.routeFor('https://vigie.fr');
    expect(https.agent).toBeInstanceOf(HttpsProxyAgent);
    expect(https.proxy).toEqual({ uri: 'http://p:3128', source: 'environment' });
    expect(String((https.agent as HttpsProxyAgent<string>).proxy)).toBe('http://p:3128/');
    expect(https.ca).toBe(CA);
    const http = r.routeFor('http://vigie.lan:9630');
    expect(http.agent).toBeInstanceOf(HttpProxyAgent);
    expect(http.proxy?.uri).toBe('http://q:3128');
  });

  it('bypasses the proxy for NO_PROXY hosts and shares one proxy agent between URLs of the same kind', async () => {
    const r = await routes(['https://a.vigie.fr', 'https://b.vigie.fr', 'https://vigie.ac-poitiers.fr'], {}, { url: 'http://p:3128', noProxy: ['.ac-poitiers.fr'] });
    expect(r.routeFor('https://a.vigie.fr').agent).toBe(r.routeFor('https://b.vigie.fr').agent);
    expect(r.routeFor('https://a.vigie.fr').proxy?.source).toBe('configuration');
    expect(r.routeFor('https://vigie.ac-poitiers.fr').agent).toBeInstanceOf(HttpsAgent);
    expect(r.routeFor('https://vigie.ac-poitiers.fr').agent).not.toBeInstanceOf(HttpsProxyAgent);
    expect(r.routeFor('https://vigie.ac-poitiers.fr').proxy).toBeUndefined();
  });

  it('knows only the URLs it was given (trailing slashes aside)', async () => {
    const r = await routes(['https://vigie.fr/']);
    expect(r.routeFor('https://vigie.fr').agent).toBeInstanceOf(HttpsAgent);
    expect(() => r.routeFor('https://other.fr')).toThrow(/no route for https:\/\/other\.fr/);
  });
});

describe('createHttpSender over a transport', () => {
  it('posts JSON with the bearer token, the route’s agent and CA and the timeout to <url>/api/v1/<kind>', async () => {
    const r = await routes(['https://vigie.fr'], { HTTPS_PROXY: 'http://p:3128' });
    const seen: TransportRequest[] = [];
    const sender = createHttpSender({
      collectorUrls: ['https://vigie.fr/'],
      token: 'vigie_t',
      timeoutMs: 1234,
      routeFor: (u) => r.routeFor(u),
      transport: async (req) => {
        seen.push(req);
        return { statusCode: 200, headers: {}, body: '{"status":"duplicate"}', truncated: false };
      },
    });
    expect(await sender.send('heartbeat', { a: 1 })).toEqual({ status: 'sent', outcome: 'duplicate' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      url: 'https://vigie.fr/api/v1/heartbeat',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer vigie_t' },
      body: '{"a":1}',
      timeoutMs: 1234,
      ca: CA,
    });
    expect(seen[0]!.agent).toBe(r.routeFor('https://vigie.fr').agent);
  });

  it('turns a transport failure into a retryable line naming the proxy, and a truncated 4xx body into its beginning', async () => {
    const failing = createHttpSender({
      collectorUrls: ['https://vigie.fr'],
      token: 't',
      timeoutMs: 100,
      routeFor: () => ({ agent: new HttpAgent(), proxy: { uri: 'http://p:3128' } }),
      transport: async () => {
        throw Object.assign(new Error('no complete answer within 100 ms'), { code: 'ETIMEDOUT' });
      },
    });
    expect(await failing.send('event', {})).toEqual({ status: 'retryable', error: 'ETIMEDOUT: no complete answer within 100 ms via proxy http://p:3128 (https://vigie.fr)' });

    const big = 'x'.repeat(300);
    const rejecting = createHttpSender({
      collectorUrls: ['https://vigie.fr'],
      token: 't',
      timeoutMs: 100,
      transport: async () => ({ statusCode: 413, headers: {}, body: big, truncated: true }),
    });
    expect(await rejecting.send('report', {})).toEqual({ status: 'rejected', httpStatus: 413, code: 'HTTP_413', message: big.slice(0, 200) });
  });
});
