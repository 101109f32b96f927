/**
 * Which delivery failures are worth retrying (OTel `is-export-retryable.ts`, healthchecks `TransportError.permanent`).
 *
 * Rules:
 * - HTTP 2xx → sent.
 * - HTTP 408, 425, 429 and every 5xx → retryable; a `Retry-After` header (seconds or HTTP date) becomes `retryInMs`.
 * - Every other status (3xx, 4xx) → permanent failure: the request or the configuration is wrong and sending it
 *   again will not help.
 * - Network errors (refused, reset, DNS, timeouts, TLS) → retryable: the peer may come back. Only errors that say
 *   the request itself is malformed (invalid URL or argument) are permanent.
 * - SMTP: reply codes 4xx retryable, 5xx permanent; connection-level errors retryable; authentication and
 *   envelope (no valid recipient) errors permanent.
 *
 * Pure: `now` is passed in for HTTP-date Retry-After values.
 */
import type { NotifyResult } from './notifier.ts';

/** Longest Retry-After we honour; a larger value is clamped so a misbehaving peer cannot park an alert for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export function isRetryableHttpStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Parses a Retry-After header into milliseconds from `now`: either delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). Returns undefined when absent or unparseable; dates in the past give 0;
 * values are clamped to {@link MAX_RETRY_AFTER_MS}.
 */
export function parseRetryAfterMs(header: string | readonly string[] | undefined, now: Date): number | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  if (value === '') return undefined;
  let ms: number;
  if (/^\d+$/.test(value)) {
    ms = Number(value) * 1000;
  } else {
    if (!/[a-z]/i.test(value)) return undefined; // "1.5", "-3": neither delay-seconds nor a date
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    ms = at - now.getTime();
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** Turns an HTTP status (and its Retry-After header) into a NotifyResult. `what` names the peer in errors. */
export function classifyHttpStatus(
  what: string,
  status: number,
  retryAfter: string | readonly string[] | undefined,
  now: Date,
  bodySnippet = '',
): NotifyResult {
  if (status >= 200 && status <= 299) return { status: 'sent' };
  const detail = bodySnippet.trim() === '' ? '' : `: ${truncate(bodySnippet.trim(), 200)}`;
  const error = `${what} answered HTTP ${status}${detail}`;
  if (!isRetryableHttpStatus(status)) return { status: 'failed', error };
  const retryInMs = parseRetryAfterMs(retryAfter, now);
  return retryInMs === undefined ? { status: 'retryable', error } : { status: 'retryable', error, retryInMs };
}

const PERMANENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ERR_INVALID_URL',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  // nodemailer
  'EAUTH',
  'EENVELOPE',
  'EMESSAGE',
  'ECONFIG',
]);

/** The `code` of an error or of its `cause` chain (undici wraps socket errors in `TypeError: fetch failed`). */
export function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A short one-line description of any thrown value, with its code: `connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)`. */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = errorCode(err);
  const text = code === undefined || message.includes(code) ? message : `${message} (${code})`;
  return truncate(text.replace(/\s+/g, ' '), 300);
}

/** Classifies an error thrown while talking to a peer (HTTP or SMTP). `what` names the peer. */
export function classifyError(what: string, err: unknown): NotifyResult {
  const error = `${what}: ${describeError(err)}`;
  const responseCode = (err as { responseCode?: unknown } | null)?.responseCode;
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode <= 599) {
    return responseCode < 500 ? { status: 'retryable', error } : { status: 'failed', error };
  }
  const code = errorCode(err);
  if (code !== undefined && PERMANENT_ERROR_CODES.has(code)) return { status: 'failed', error };
  return { status: 'retryable', error };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
