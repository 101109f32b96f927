// A webhook receiver that takes `delayMs` to answer (a real receiver does some work): each request is recorded
// as soon as its body is in, then answered 200 after the delay. A collector killed meanwhile has delivered the
// notice without knowing it: its successor sends it again once the claim's lease has run out, under the same
// idempotency key, which is what the bench's de-duplication counts.
import { createServer } from 'node:http';
import type { ReceivedRequest } from '../../test/helpers/webhook-receiver.ts';

export interface SlowReceiver {
  readonly url: string;
  readonly requests: readonly ReceivedRequest[];
  close(): Promise<void>;
}

export async function startSlowReceiver(delayMs: number): Promise<SlowReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        receivedAtMs: Date.now(),
        json: () => JSON.parse(rawBody.toString('utf8')) as unknown,
      });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
