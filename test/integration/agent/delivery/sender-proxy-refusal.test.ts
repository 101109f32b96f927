// A 401/403 that is not the collector's (a proxy's or a filter's: no `{"code": "ERR_…", "message"}` body) is a
// transport failure, retried and kept in the spool; the collector's own 401/403 stays a final rejection. Real
// loopback servers: the collector app, and an HTTP proxy that forwards or refuses plain-HTTP requests.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoutes, type Routes } from '../../../../agent/delivery/routes.ts';
import { createHttpSender, isCollectorError } from '../../../../agent/delivery/sender.ts';
import { createSpoolDir } from '../../../../agent/spool/spool-dir.ts';
import { createSpool } from '../../../../agent/spool/spool.ts';
import { ALPHA, anEvent } from '../../../../shared/testing/messages.ts';
import { ADMIN_TOKEN, buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

const servers: Server[] = [];
const routes: Routes[] = [];
let app: TestApp | undefined;
afterEach(async () => {
  await Promise.all(routes.splice(0).map((r) => r.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await app?.close();
  app = undefined;
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The real collector app on a loopback port, with one enrolled server. */
async function collector(): Promise<{ url: string; token: string; app: TestApp }> {
  app = await buildTestApp();
  const token = await app.enrol(ALPHA.uai, ALPHA.machine);
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`, token, app };
}

/** An HTTP proxy for plain-HTTP targets: refuses with `refusal` (status and HTML body, as Squid does) or forwards. */
async function proxy(): Promise<{ url: string; refusal: { status: number; body: string } | undefined; requests: string[] }> {
  const state = { url: '', refusal: undefined as { status: number; body: string } | undefined, requests: [] as string[] };
  state.url = await listen(
    createServer((req, res) => {
      state.requests.push(`${req.method} ${req.url}`);
      if (state.refusal !== undefined) {
        res.writeHead(state.refusal.status, { 'content-type': 'text/html', 'x-squid-error': 'ERR_ACCESS_DENIED 0' }).end(state.refusal.body);
        req.resume();
        return;
      }
      const target = new URL(req.url!);
      const up = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    }),
  );
  return state;
}

async function stateOf(t: TestApp): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/servers/${ALPHA.uai}/${ALPHA.machine}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (res.json() as { state: string }).state;
}

const DENIED = '<html><body><h1>ERROR</h1><p>Access Denied. ERR_ACCESS_DENIED</p></body></html>';

async function senderVia(proxyUrl: string, collectorUrl: string, token: string) {
  const r = await createRoutes({ urls: [collectorUrl], proxies: { configured: { url: proxyUrl }, env: {} } });
  routes.push(r);
  return createHttpSender({ collectorUrls: [collectorUrl], token, timeoutMs: 2_000, routeFor: (u) => r.routeFor(u) });
}

describe('a 401/403 not from the collector', () => {
  it('a proxy’s 403 (HTML) for a plain-HTTP collector is retryable, named as not the collector’s', async () => {
    const c = await collector();
    const p = await proxy();
    p.refusal = { status: 403, body: DENIED };
    const res = await (await senderVia(p.url, c.url, c.token)).send('event', anEvent());
    expect(res.status).toBe('retryable');
    expect(res.status === 'retryable' && res.error).toMatch(/^HTTP 403 \(http:\/\/127\.0\.0\.1:\d+\) via proxy http:\/\/127\.0\.0\.1:\d+\/? without the collector's error body: .*not by the collector$/);
    expect(p.requests).toEqual([`POST ${c.url}/api/v1/event`]);
    expect(await stateOf(c.app)).toBe('unknown'); // the collector heard nothing
  });

  it('a bodiless 401 or 403 (a filter in front of the collector) is retryable; the collector’s own 401/403 is final', async () => {
    for (const status of [401, 403]) {
      const filter = await listen(createServer((_req, res) => res.writeHead(status).end()));
      const res = await createHttpSender({ collectorUrls: [filter], token: 't', timeoutMs: 2_000 }).send('heartbeat', {});
      expect(res).toMatchObject({ status: 'retryable', error: expect.stringContaining(`HTTP ${status}`) });
    }
    // The real collector refusing an unknown token, through a proxy that lets it through: a rejection, with its code.
    const c = await collector();
    const p = await proxy();
    const res = await (await senderVia(p.url, c.url, 'vigie_unknown-token-0123456789')).send('event', anEvent());
    expect(res).toMatchObject({ status: 'rejected', httpStatus: 401, code: 'ERR_AUTH_INVALID' });
  });

  it('the spool keeps an event a proxy refuses, and delivers it once the proxy lets it through', async () => {
    const c = await collector();
    const p = await proxy();
    p.refusal = { status: 403, body: DENIED };
    const path = join(mkdtempSync(join(tmpdir(), 'vigie-spool-')), 'spool');
    const spool = createSpool({
      dir: createSpoolDir(path),
      sender: await senderVia(p.url, c.url, c.token),
      bounds: { maxBytes: 1_000_000, maxMessages: 50 },
      logger: pino({ level: 'silent' }),
    });
    await spool.open();
    await spool.put('event', anEvent({ type: 'shutdown', reason: 'SIGTERM' }));
    expect(await spool.flush()).toBe('blocked');
    expect(readdirSync(path).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(existsSync(join(path, 'rejected')) ? readdirSync(join(path, 'rejected')) : []).toEqual([]);

    p.refusal = undefined;
    expect(await spool.flush()).toBe('empty');
    expect(readdirSync(path).filter((f) => f.endsWith('.json'))).toEqual([]);
    expect(await stateOf(c.app)).toBe('shutdown'); // the announced shutdown was not lost
  });
});

describe('isCollectorError', () => {
  it('is the collector’s `{code: ERR_…, message}` body only', () => {
    expect(isCollectorError({ code: 'ERR_AUTH_FORBIDDEN', message: 'token of another server' })).toBe(true);
    expect(isCollectorError(undefined)).toBe(false);
    expect(isCollectorError({ code: 'ERR_AUTH_FORBIDDEN' })).toBe(false);
    expect(isCollectorError({ code: 'Forbidden', message: 'no' })).toBe(false);
    expect(isCollectorError({ error: 'Forbidden', message: 'Access denied' })).toBe(false);
  });
});
