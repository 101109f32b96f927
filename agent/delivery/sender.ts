import { request } from 'undici';

/** What happened to one push: values for expected outcomes, never a throw. */
export type SendResult =
  | { readonly status: 'sent'; readonly outcome: 'accepted' | 'duplicate' }
  | { readonly status: 'retryable'; readonly error: string }
  | { readonly status: 'rejected'; readonly httpStatus: number; readonly code: string; readonly message: string };

export type MessageKind = 'heartbeat' | 'report' | 'event';

/** Pushes one message to the collector. */
export interface Sender {
  send(kind: MessageKind, body: unknown): Promise<SendResult>;
}

/** 429 and 5xx may succeed later; other 4xx will not (the message itself is wrong). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Sends JSON over undici with the bearer token and a hard timeout. */
export function createUndiciSender(opts: { collectorUrl: string; token: string; timeoutMs: number }): Sender {
  const base = opts.collectorUrl.replace(/\/+$/, '');
  return {
    async send(kind, body) {
      try {
        const res = await request(`${base}/api/v1/${kind}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
          body: JSON.stringify(body),
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        const text = await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300) {
          const outcome = safeJson(text)?.['status'] === 'duplicate' ? 'duplicate' : 'accepted';
          return { status: 'sent', outcome };
        }
        if (isRetryableStatus(res.statusCode)) return { status: 'retryable', error: `HTTP ${res.statusCode}` };
        const json = safeJson(text);
        return {
          status: 'rejected',
          httpStatus: res.statusCode,
          code: typeof json?.['code'] === 'string' ? json['code'] : `HTTP_${res.statusCode}`,
          message: typeof json?.['message'] === 'string' ? json['message'] : text.slice(0, 200),
        };
      } catch (err) {
        const e = err as Error & { code?: string };
        return { status: 'retryable', error: `${e.code ?? e.name}: ${e.message}` };
      }
    },
  };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
