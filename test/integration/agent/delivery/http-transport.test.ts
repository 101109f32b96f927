// The node:http(s) transport against real loopback servers and a small CONNECT / absolute-form proxy: one deadline
// for the whole exchange, the body bound, keep-alive, the CA file inside a tunnel, and a proxy's refusal told
// apart from the collector's answer.
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, MAX_BODY_BYTES } from '../../../../agent/delivery/http-transport.ts';
import { createRoutes, type Routes } from '../../../../agent/delivery/routes.ts';
import { describeSendError } from '../../../../agent/delivery/send-error.ts';
import { makeTestPki, type TestPki } from '../../../helpers/test-pki.ts';

const servers: Server[] = [];
const sockets = new Set<Socket>();
const opened: Routes[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.close()));
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A collector answering `status` and `body` to every request; counts connections and requests. */
async function collector(answer: (req: IncomingMessage, body: string) => [number, string] | undefined): Promise<{ url: string; connections: () => number; requests: string[] }> {
  let connections = 0;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${req.headers['authorization'] ?? ''} ${body}`);
      const a = answer(req, body);
      if (a !== undefined) res.writeHead(a[0], { 'content-type': 'application/json' }).end(a[1]);
    });
  });
  server.on('connection', () => (connections += 1));
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, connections: () => connections, requests };
}

/** An HTTP proxy: CONNECT tunnels (or `refuseConnect`), and absolute-form requests forwarded. Logs each request line. */
async function proxy(opts: { refuseConnect?: number; answer407?: boolean } = {}): Promise<{ url: string; lines: string[] }> {
  const lines: string[] = [];
  const server = createServer((req, res) => {
    lines.push(`${req.method} ${req.url}`);
    if (opts.answer407) return void res.writeHead(407, { 'proxy-authenticate': 'Basic realm="p"' }).end();
    const target = new URL(req.url!);
    const up = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  server.on('connect', (req: IncomingMessage, client: Socket) => {
    lines.push(`CONNECT ${req.url}`);
    if (opts.refuseConnect !== undefined) return void client.end(`HTTP/1.1 ${opts.refuseConnect} Refused\r\ncontent-length: 0\r\n\r\n`);
    const [host, port] = req.url!.split(':');
    const up = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  return { url: `http://127.0.0.1:${await listen(server)}`, lines };
}

describe('httpTransport', () => {
  it('posts the body with its headers and reads the answer; keep-alive reuses one connection', async () => {
    const c = await collector(() => [202, '{"status":"accepted"}']);
    const r = await createRoutes({ urls: [c.url], proxies: { env: {} } });
    opened.push(r);
    const send = () =>
      httpTransport({ url: `${c.url}/api/v1/heartbeat`, headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"é":1}', timeoutMs: 2000, agent: r.routeFor(c.url).agent });
    const res = await send();
    expect(res).toMatchObject({ statusCode: 202, body: '{"status":"accepted"}', truncated: false });
    expect(res.headers['content-type']).toBe('application/json');
    await send();
    expect(c.requests).toEqual(['POST /api/v1/heartbeat Bearer t {"é":1}', 'POST /api/v1/heartbeat Bearer t {"é":1}']);
    expect(c.connections()).toBe(1);
  });

  it('gives up at the deadline when no answer comes, or when the body stalls', async () => {
    const silent = await collector(() => undefined);
    const started = Date.now();
    await expect(httpTransport({ url: `${silent.url}/api/v1/event`, body: '{}', timeoutMs: 300 })).rejects.toMatchObject({ code: 'ETIMEDOUT', message: 'no complete answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2000);

    const stalling = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"status":');
    });
    const port = await listen(stalling);
    await expect(httpTransport({ url: `http://127.0.0.1:${port}/`, timeoutMs: 300 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('reads at most 64 KiB of the body (or maxBodyBytes) and says it was cut', async () => {
    const big = await collector(() => [400, 'x'.repeat(1024 * 1024)]);
    const res = await httpTransport({ url: big.url, timeoutMs: 5000 });
    expect(res.truncated).toBe(true);
    expect(res.body).toHaveLength(MAX_BODY_BYTES);
    expect(res.statusCode).toBe(400);
    const small = await httpTransport({ url: big.url, timeoutMs: 5000, maxBodyBytes: 10 });
    expect(small).toMatchObject({ body: 'xxxxxxxxxx', truncated: true });
    const exact = await collector(() => [200, 'y'.repeat(MAX_BODY_BYTES)]);
    expect(await httpTransport({ url: exact.url, timeoutMs: 5000 })).toMatchObject({ truncated: false });
  });

  it('rejects with Node’s code when nothing listens', async () => {
    const c = await collector(() => [200, '']);
    const url = c.url;
    await new Promise((r) => servers.pop()!.close(r));
    await expect(httpTransport({ url, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('httpTransport through a proxy', () => {
  let pki: TestPki;
  let other: TestPki;
  let httpsUrl: string;
  let hits = 0;
  beforeAll(async () => {
    pki = makeTestPki('Vigie transport test CA');
    other = makeTestPki('Another CA');
    const server = createHttpsServer({ key: pki.key, cert: pki.cert }, (_req, res) => {
      hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    httpsUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return () => new Promise<void>((r) => server.close(() => r()));
  });

  async function via(proxyUrl: string, url: string, caFile: string) {
    const r = await createRoutes({ urls: [url], ca: readFileSync(caFile, 'utf8'), proxies: { env: { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl } } });
    opened.push(r);
    const route = r.routeFor(url);
    return { route, send: () => httpTransport({ url: `${url}/api/v1/heartbeat`, body: '{}', timeoutMs: 3000, agent: route.agent, ca: route.ca }) };
  }

  it('tunnels https with CONNECT and checks the collector’s certificate against the CA file inside the tunnel', async () => {
    const p = await proxy();
    const before = hits;
    const { send } = await via(p.url, httpsUrl, pki.caFile);
    expect(await send()).toMatchObject({ statusCode: 200, body: '{"status":"accepted"}' });
    expect(await send()).toMatchObject({ statusCode: 200 });
    expect(hits - before).toBe(2);
    expect(p.lines).toEqual([`CONNECT ${new URL(httpsUrl).host}`]); // one tunnel, kept alive

    const wrong = await via(p.url, httpsUrl, other.caFile);
    const err = await wrong.send().catch((e: unknown) => e);
    expect(describeSendError(err, { url: httpsUrl, caFile: other.caFile, proxy: wrong.route.proxy?.uri })).toMatch(
      new RegExp(`not signed by a trusted CA \\(checked against the CA file ${other.caFile}\\) via proxy ${p.url}`),
    );
  });

  it('sends http targets in absolute form', async () => {
    const c = await collector(() => [200, '{"status":"accepted"}']);
    const p = await proxy();
    const { send } = await via(p.url, c.url, pki.caFile);
    expect(await send()).toMatchObject({ statusCode: 200 });
    expect(p.lines).toEqual([`POST ${c.url}/api/v1/heartbeat`]);
  });

  it('rejects when the proxy refuses the tunnel or asks for credentials, rather than passing its answer for the collector’s', async () => {
    const before = hits;
    const refusing = await proxy({ refuseConnect: 403 });
    await expect((await via(refusing.url, httpsUrl, pki.caFile)).send()).rejects.toMatchObject({ code: 'ERR_PROXY_TUNNEL', message: expect.stringContaining('HTTP 403') });
    const asking = await proxy({ refuseConnect: 407 });
    await expect((await via(asking.url, httpsUrl, pki.caFile)).send()).rejects.toMatchObject({ code: 'ERR_PROXY_AUTH' });
    expect(hits).toBe(before);

    const auth = await proxy({ answer407: true });
    const c = await collector(() => [200, '{}']);
    await expect((await via(auth.url, c.url, pki.caFile)).send()).rejects.toMatchObject({ code: 'ERR_PROXY_AUTH' });
    expect(c.requests).toEqual([]);
  });

  it('holds the deadline while the proxy does not answer CONNECT', async () => {
    const mute = createServer();
    mute.on('connect', () => undefined);
    const port = await listen(mute);
    await expect((await via(`http://127.0.0.1:${port}`, httpsUrl, pki.caFile)).send()).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });
});
