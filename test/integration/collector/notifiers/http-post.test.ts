// postJson against a real local HTTP server: status classification, Retry-After, refused connection, timeout.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../../../collector/notifiers/http-post.ts';
import type { NotifyResult } from '../../../../collector/notifiers/notifier.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { freePort } from '../../../helpers/daemon-process.ts';
import { startWebhookReceiver } from '../../../helpers/webhook-receiver.ts';
import type { Reply, WebhookReceiver } from '../../../helpers/webhook-receiver.ts';

const clock = new FakeClock('2025-07-12T12:00:00Z');

describe('postJson', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it.each<[string, Reply, NotifyResult]>([
    ['200 → sent', { status: 200 }, { status: 'sent' }],
    ['202 → sent', { status: 202 }, { status: 'sent' }],
    ['400 → failed with the body', { status: 400, body: 'bad payload' }, { status: 'failed', error: 'peer answered HTTP 400: bad payload' }],
    ['301 → failed (redirects are not followed)', { status: 301, headers: { location: '/x' } }, { status: 'failed', error: 'peer answered HTTP 301' }],
    ['429 + Retry-After seconds', { status: 429, headers: { 'retry-after': '12' } }, { status: 'retryable', error: 'peer answered HTTP 429', retryInMs: 12_000 }],
    ['503 + Retry-After date', { status: 503, headers: { 'retry-after': 'Sat, 12 Jul 2025 12:01:00 GMT' } }, { status: 'retryable', error: 'peer answered HTTP 503', retryInMs: 60_000 }],
    ['500 without Retry-After', { status: 500, body: 'x'.repeat(10_000) }, { status: 'retryable', error: `peer answered HTTP 500: ${'x'.repeat(199)}…` }],
  ])('%s', async (_name, reply, expected) => {
    receiver.setResponder(() => reply);
    const result = await postJson({ what: 'peer', url: receiver.url, body: '{"a":1}', timeoutMs: 5_000, clock, headers: { 'x-test': 'yes' } });
    expect(result).toEqual(expected);
    const last = receiver.requests.at(-1);
    expect(last?.headers['content-type']).toBe('application/json');
    expect(last?.headers['x-test']).toBe('yes');
    expect(last?.rawBody.toString()).toBe('{"a":1}');
  });

  it('sends URL credentials as Basic authentication and keeps them out of errors', async () => {
    receiver.setResponder(() => ({ status: 403, body: 'forbidden' }));
    const url = receiver.url.replace('http://', 'http://vigie:s%40cret@');
    const result = await postJson({ what: 'peer', url, body: '{}', timeoutMs: 5_000, clock });
    expect(receiver.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('vigie:s@cret').toString('base64')}`);
    expect(result).toEqual({ status: 'failed', error: 'peer answered HTTP 403: forbidden' });
  });

  it('a refused connection is retryable', async () => {
    const port = await freePort();
    const result = await postJson({ what: 'peer', url: `http://127.0.0.1:${port}/`, body: '{}', timeoutMs: 2_000, clock });
    expect(result.status).toBe('retryable');
    expect(result.status === 'retryable' && result.error).toContain('ECONNREFUSED');
  });

  it('a peer that never answers times out as retryable within timeoutMs', async () => {
    const server = createServer(() => {
      // never respond
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const started = performance.now();
    const result = await postJson({ what: 'peer', url: `http://127.0.0.1:${port}/`, body: '{}', timeoutMs: 300, clock });
    const elapsed = performance.now() - started;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    expect(result.status).toBe('retryable');
    expect(elapsed).toBeLessThan(3_000);
  });

  it('an invalid URL is a permanent failure', async () => {
    const result = await postJson({ what: 'peer', url: 'http://', body: '{}', timeoutMs: 1_000, clock });
    expect(result.status).toBe('failed');
  });
});
