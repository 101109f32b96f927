// How one request to the collector is made: URL, headers, body, timeout, connection pool (direct or through a
// proxy), CA → status, headers and a bounded body. Expected failures (refused, reset, TLS, timeout, proxy refusal)
// reject with an Error carrying Node's `code`, which send-error.ts turns into one line.
//
// node:http(s) rather than undici: loading undici costs ≈ 14 MB of resident memory and ≈ 9 MB more once it talks
// (its llhttp WebAssembly), node:http(s) ≈ 3–5 MB (docs/BENCHMARKS.md, Footprint). The proxy protocols are spoken
// by https-proxy-agent / http-proxy-agent (routes.ts); what stays here is the plumbing node:http leaves to its
// caller: one deadline for the whole exchange, a size bound on the body, and telling a proxy's answer from the
// collector's.
import { request as httpRequest, type Agent, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The collector answers `{status}` or `{code, message}`: a few hundred bytes. Past this the body is not read. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface TransportRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  /** Deadline of the whole exchange: connection (and proxy tunnel), TLS, request, response headers and body. */
  readonly timeoutMs: number;
  /** Connection pool: a keep-alive agent or a proxy agent (routes.ts); Node's global agent when absent. */
  readonly agent?: Agent | undefined;
  /** PEM CAs the collector's certificate must chain to (instead of the system's), also inside a proxy tunnel. */
  readonly ca?: string | undefined;
  /** Bytes of the body kept; default {@link MAX_BODY_BYTES}. */
  readonly maxBodyBytes?: number | undefined;
}

export interface TransportResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8, at most `maxBodyBytes` of it. */
  readonly body: string;
  /** The body was longer than `maxBodyBytes`: `body` is its beginning and the connection was closed. */
  readonly truncated: boolean;
}

/** One request/response exchange; rejects (never with a status) when no answer from the collector came. */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The node:http(s) transport. */
export const httpTransport: Transport = (opts) =>
  new Promise<TransportResponse>((resolve, reject) => {
    const url = new URL(opts.url);
    const https = url.protocol === 'https:';
    const max = opts.maxBodyBytes ?? MAX_BODY_BYTES;
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    let settled = false;
    let res: IncomingMessage | undefined;
    let proxyRefusal: number | undefined;
    let proxyRefusalText = '';

    const done = (err: Error | undefined, value?: TransportResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err === undefined) resolve(value!);
      else {
        reject(err);
        req.destroy();
        res?.destroy();
      }
    };
    const timer = setTimeout(() => done(failure('ETIMEDOUT', `no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);

    const req: ClientRequest = (https ? httpsRequest : httpRequest)(url, {
      method: opts.method ?? 'POST',
      headers,
      ...(opts.agent === undefined ? {} : { agent: opts.agent }),
      ...(https && opts.ca !== undefined ? { ca: opts.ca } : {}),
    });
    // https-proxy-agent: the proxy's answer to CONNECT (http-proxy-agent emits the event without a status). On a
    // refusal it replays that answer as the response (so as not to send our request to the proxy): it must not
    // pass for the collector's.
    req.once('proxyConnect', (connect: { statusCode?: number; statusText?: string }) => {
      if (typeof connect.statusCode === 'number' && connect.statusCode !== 200) proxyRefusal = connect.statusCode;
      proxyRefusalText = connect.statusText ?? '';
    });
    req.on('error', (err) => done(err));
    req.on('response', (response) => {
      res = response;
      // No collector asks for proxy credentials: a 407 is the proxy's, to CONNECT or to an absolute-form request.
      if (proxyRefusal === 407 || response.statusCode === 407) return done(failure('ERR_PROXY_AUTH', 'the proxy asks for credentials (HTTP 407): put them in the proxy URL'));
      if (proxyRefusal !== undefined) return done(failure('ERR_PROXY_TUNNEL', `the proxy refused the tunnel: HTTP ${proxyRefusal} ${proxyRefusalText}`.trim()));
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size > max) {
          done(undefined, { statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).subarray(0, max).toString('utf8'), truncated: true });
          response.destroy(); // the rest is not read; the connection is not reused
        }
      });
      response.on('end', () => done(undefined, { statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), truncated: false }));
      response.on('error', (err) => done(err));
      response.on('close', () => done(failure('ECONNRESET', 'the connection closed before the end of the answer')));
    });
    req.end(opts.body);
  });
