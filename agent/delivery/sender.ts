import type { Agent } from 'node:http';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { httpTransport, type Transport } from './http-transport.ts';
import { retryAfterMs } from './retry-after.ts';
import { describeSendError } from './send-error.ts';

/** What happened to one push: values for expected outcomes, never a throw. */
export type SendResult =
  | { readonly status: 'sent'; readonly outcome: 'accepted' | 'duplicate' }
  | { readonly status: 'retryable'; readonly error: string }
  | { readonly status: 'rejected'; readonly httpStatus: number; readonly code: string; readonly message: string };

export type MessageKind = 'heartbeat' | 'report' | 'event';

/** Pushes one message to the collector. */
export interface Sender {
  send(kind: MessageKind, body: unknown): Promise<SendResult>;
  /** Round trip of the last push the collector answered, in ms (sent in the next heartbeat for clock skew). */
  lastRoundTripMs?(): number | undefined;
}

/**
 * 429 and 5xx may succeed later; other 4xx will not (the message itself is wrong) — except a 401/403 that is not
 * the collector's ({@link isCollectorError}), which the sender also treats as retryable.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The order to try `count` URLs in: the one that answered last, then the others in configuration order. */
export function tryOrder(count: number, current: number): number[] {
  return [current, ...Array.from({ length: count }, (_, i) => i).filter((i) => i !== current)];
}

export interface HttpSenderOptions {
  /** Collector base URLs, tried in order (at least one). */
  readonly collectorUrls: readonly string[];
  readonly token: string;
  readonly timeoutMs: number;
  /** How to reach a URL (connection pool, direct or through a proxy; which CA); default: Node's global agents. */
  readonly routeFor?: (url: string) => { readonly agent: Agent; readonly ca?: string | undefined; readonly proxy?: { readonly uri: string } | undefined };
  /** How one request is made; default: node:http(s) ({@link httpTransport}). */
  readonly transport?: Transport;
  /** Named in TLS error messages. */
  readonly caFile?: string | undefined;
  /** Told when the sender moves to another collector URL. */
  readonly onSwitch?: (from: string, to: string) => void;
  /** Time, for `Retry-After` (default: the system clock). */
  readonly clock?: Clock;
}

/**
 * Sends JSON over node:http(s) with the bearer token and a hard timeout. With several collector URLs it sticks to
 * the one that answered last and, when that one cannot be reached (or answers 408/429/5xx, or a 401/403 without the
 * collector's error body: a proxy or a filter in between), tries the others.
 * A 429 with `Retry-After` is honoured: that URL gets no request until the delay has passed (the push is
 * answered `retryable` at once, so the spool keeps it and the loop carries on).
 */
export function createHttpSender(opts: HttpSenderOptions): Sender {
  const bases = opts.collectorUrls.map((u) => u.replace(/\/+$/, ''));
  if (bases.length === 0) throw new Error('createHttpSender: no collector URL');
  const transport = opts.transport ?? httpTransport;
  let current = 0;
  const clock = opts.clock ?? systemClock;
  /** Per base URL: no request before this instant (ms), as its last 429 asked. */
  const notBefore = new Map<string, number>();
  let roundTripMs: number | undefined;

  async function sendTo(base: string, kind: MessageKind, body: string): Promise<SendResult> {
    const route = opts.routeFor?.(base);
    const waitUntil = notBefore.get(base);
    if (waitUntil !== undefined && clock.now().getTime() < waitUntil) {
      return { status: 'retryable', error: `HTTP 429 (${base}): rate limited, no request before ${new Date(waitUntil).toISOString()}` };
    }
    try {
      const startedAt = performance.now();
      const res = await transport({
        url: `${base}/api/v1/${kind}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
        body,
        timeoutMs: opts.timeoutMs,
        agent: route?.agent,
        ca: route?.ca,
      });
      const text = res.body;
      roundTripMs = Math.round(performance.now() - startedAt);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        const outcome = safeJson(text)?.['status'] === 'duplicate' ? 'duplicate' : 'accepted';
        return { status: 'sent', outcome };
      }
      if (res.statusCode === 429) {
        const wait = retryAfterMs(res.headers['retry-after'], clock.now().getTime());
        if (wait !== undefined) notBefore.set(base, clock.now().getTime() + wait);
        return { status: 'retryable', error: `HTTP 429 (${base}): rate limited${wait === undefined ? '' : `, retrying in ${Math.ceil(wait / 1000)} s`}` };
      }
      if (isRetryableStatus(res.statusCode)) return { status: 'retryable', error: `HTTP ${res.statusCode} (${base})` };
      const json = safeJson(text);
      if ((res.statusCode === 401 || res.statusCode === 403) && !isCollectorError(json)) {
        // Not the collector's refusal (it always says why, with a code): a proxy or a filter on the way. Kept and
        // retried, so that a proxy misconfigured for a day does not throw away the announced shutdowns.
        const via = route?.proxy === undefined ? '' : ` via proxy ${route.proxy.uri}`;
        return {
          status: 'retryable',
          error: `HTTP ${res.statusCode} (${base})${via} without the collector's error body: refused by something in between (a proxy or a filter), not by the collector`,
        };
      }
      return {
        status: 'rejected',
        httpStatus: res.statusCode,
        code: typeof json?.['code'] === 'string' ? json['code'] : `HTTP_${res.statusCode}`,
        message: typeof json?.['message'] === 'string' ? json['message'] : text.slice(0, 200),
      };
    } catch (err) {
      return { status: 'retryable', error: describeSendError(err, { url: base, caFile: opts.caFile, proxy: route?.proxy?.uri }) };
    }
  }

  return {
    lastRoundTripMs: () => roundTripMs,
    async send(kind, body) {
      const json = JSON.stringify(body);
      const errors: string[] = [];
      for (const i of tryOrder(bases.length, current)) {
        const res = await sendTo(bases[i]!, kind, json);
        if (res.status === 'retryable') {
          errors.push(res.error);
          continue;
        }
        if (i !== current) opts.onSwitch?.(bases[current]!, bases[i]!);
        current = i;
        return res;
      }
      return { status: 'retryable', error: errors.join('; ') };
    },
  };
}

/**
 * The collector's error body, `{"code": "ERR_…", "message": "…"}`: what tells its refusals from those of a proxy or
 * a filter in between (an HTML page, or nothing).
 */
export function isCollectorError(json: Record<string, unknown> | undefined): boolean {
  return typeof json?.['code'] === 'string' && /^ERR_[A-Z0-9_]+$/.test(json['code']) && typeof json['message'] === 'string';
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
