// The agent honours a collector's 429 Retry-After: no request to that collector until the delay has passed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSender } from '../../../../agent/delivery/sender.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';

let server: Server | undefined;
afterEach(async () => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function collector(answer: () => { status: number; headers?: Record<string, string> }): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = createServer((req, res) => {
    hits += 1;
    req.resume();
    const { status, headers } = answer();
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(status === 200 ? { status: 'accepted' } : { code: 'ERR_RATE_LIMITED', message: 'slow down' }));
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

describe('sender and Retry-After', () => {
  it('sends nothing to a collector that answered 429 until its Retry-After has passed', async () => {
    let limited = true;
    const c = await collector(() => (limited ? { status: 429, headers: { 'retry-after': '30' } } : { status: 200 }));
    const clock = new FakeClock('2025-07-10T08:00:00Z');
    const sender = createHttpSender({ collectorUrls: [c.url], token: 'vigie_token-0123456789', timeoutMs: 2000, clock });

    const first = await sender.send('heartbeat', {});
    expect(first).toMatchObject({ status: 'retryable', error: expect.stringContaining('retrying in 30 s') });
    expect(c.hits()).toBe(1);
    limited = false;
    clock.advance(29_000);
    expect(await sender.send('event', {})).toMatchObject({ status: 'retryable', error: expect.stringContaining('rate limited') });
    expect(c.hits()).toBe(1);
    clock.advance(1_000);
    expect(await sender.send('event', {})).toEqual({ status: 'sent', outcome: 'accepted' });
    expect(c.hits()).toBe(2);
  });

  it('retries at once after a 429 without Retry-After', async () => {
    const c = await collector(() => ({ status: 429 }));
    const sender = createHttpSender({ collectorUrls: [c.url], token: 'vigie_token-0123456789', timeoutMs: 2000, clock: new FakeClock('2025-07-10T08:00:00Z') });
    await sender.send('heartbeat', {});
    await sender.send('heartbeat', {});
    expect(c.hits()).toBe(2);
  });
});
