// Several collector URLs against real loopback servers: the first unreachable, the sender moves to the next
// and sticks to it; a 4xx answer is final (no failover).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSender } from '../../../../agent/delivery/sender.ts';
import { freePort } from '../../../helpers/daemon-process.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function collector(status: number, hits: string[], name: string): Promise<string> {
  const server = createServer((req, res) => {
    hits.push(`${name} ${req.url}`);
    res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"status":"accepted"}' : '{"code":"ERR_X","message":"no"}');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createHttpSender with several collector URLs', () => {
  it('tries them in order and sticks to the one that answers', async () => {
    const hits: string[] = [];
    const dead = `http://127.0.0.1:${await freePort()}`;
    const good = await collector(200, hits, 'b');
    const switches: string[] = [];
    const sender = createHttpSender({ collectorUrls: [dead, good], token: 'vigie_token123', timeoutMs: 2000, onSwitch: (_f, to) => switches.push(to) });
    expect(await sender.send('heartbeat', { a: 1 })).toEqual({ status: 'sent', outcome: 'accepted' });
    expect(await sender.send('event', { a: 2 })).toEqual({ status: 'sent', outcome: 'accepted' });
    expect(hits).toEqual(['b /api/v1/heartbeat', 'b /api/v1/event']);
    expect(switches).toEqual([good]);
  });

  it('returns every URL’s error when none answers, and does not fail over on a 4xx', async () => {
    const a = `http://127.0.0.1:${await freePort()}`;
    const b = `http://127.0.0.1:${await freePort()}`;
    const res = await createHttpSender({ collectorUrls: [a, b], token: 'vigie_token123', timeoutMs: 2000 }).send('heartbeat', {});
    expect(res.status).toBe('retryable');
    expect(res.status === 'retryable' && res.error.split('; ')).toHaveLength(2);

    const hits: string[] = [];
    const refusing = await collector(400, hits, 'a');
    const other = await collector(200, hits, 'b');
    const rejected = await createHttpSender({ collectorUrls: [refusing, other], token: 'vigie_token123', timeoutMs: 2000 }).send('report', {});
    expect(rejected).toMatchObject({ status: 'rejected', httpStatus: 400, code: 'ERR_X' });
    expect(hits).toEqual(['a /api/v1/report']);
  });
});
