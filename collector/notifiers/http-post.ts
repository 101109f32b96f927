/**
 * One JSON POST with undici, turned into a {@link NotifyResult}: never throws. The whole exchange (connect,
 * headers, body) is bounded by `timeoutMs`; redirects are not followed (a 3xx is a configuration error).
 * At most {@link MAX_RESPONSE_SNIPPET} bytes of the response body are read, for error messages.
 * Credentials in the URL (`http://user:pass@am:9093`) are sent as HTTP Basic authentication (undici would
 * silently drop them) and never appear in error messages.
 */
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../shared/clock.ts';
import { classifyError, classifyHttpStatus } from './is-retryable.ts';
import type { NotifyResult } from './notifier.ts';

export const MAX_RESPONSE_SNIPPET = 2048;
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

export interface HttpPostRequest {
  /** Names the peer in error messages, e.g. `Alertmanager http://am:9093`. */
  readonly what: string;
  readonly url: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** undici dispatcher (connection pool, proxy); the global one when absent. */
  readonly dispatcher?: Dispatcher;
}

export async function postJson(req: HttpPostRequest): Promise<NotifyResult> {
  try {
    const { url, authorization } = splitCredentials(req.url);
    const response = await request(url, {
      method: 'POST',
      body: req.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'vigie-collector',
        ...(authorization === undefined ? {} : { authorization }),
        ...req.headers,
      },
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      signal: AbortSignal.timeout(req.timeoutMs),
      ...(req.dispatcher === undefined ? {} : { dispatcher: req.dispatcher }),
    });
    const snippet = await readSnippet(response.body);
    return classifyHttpStatus(req.what, response.statusCode, response.headers['retry-after'], req.clock.now(), snippet);
  } catch (err) {
    return classifyError(req.what, err);
  }
}

/** Moves `user:pass@` out of a URL into a Basic authorization header value. Throws on an invalid URL. */
export function splitCredentials(raw: string): { url: string; authorization?: string } {
  const url = new URL(raw);
  if (url.username === '' && url.password === '') return { url: url.toString() };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url: url.toString(), authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

async function readSnippet(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(buf);
    size += buf.length;
    if (size >= MAX_RESPONSE_SNIPPET) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_SNIPPET).toString('utf8');
}
