// A real HTTP server on 127.0.0.1 (free port) that records every request with its raw body, answers with a
// configurable responder, and lets a test wait for a request matching a predicate.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** Wall-clock ms when the body was fully received. */
  readonly receivedAtMs: number;
  json(): unknown;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type Responder = (req: ReceivedRequest) => Reply;

export interface WebhookReceiver {
  readonly url: string;
  readonly port: number;
  readonly requests: readonly ReceivedRequest[];
  setResponder(responder: Responder): void;
  /** Resolves with the first request (already received or future) matching `predicate`. */
  waitFor(predicate: (req: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(responder: Responder = () => ({ status: 200, body: 'ok' })): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let respond = responder;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        receivedAtMs: Date.now(),
        json: () => JSON.parse(rawBody.toString('utf8')) as unknown,
      };
      requests.push(received);
      let reply: Reply;
      try {
        reply = respond(received);
      } catch (err) {
        reply = { status: 500, body: err instanceof Error ? err.message : String(err) };
      }
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? '');
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    setResponder(next) {
      respond = next;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = requests.find(predicate);
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching request within ${timeoutMs} ms (received ${requests.length})`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
