/**
 * Generic JSON webhook, signed with HMAC-SHA256 so the receiver knows the notification comes from this
 * collector and was not replayed.
 *
 * Signature scheme (Stripe/Slack style):
 * - `X-Vigie-Timestamp`: the sending instant in Unix seconds (integer).
 * - `X-Vigie-Signature`: `sha256=<hex>` where `<hex>` = HMAC-SHA256(secret, `${timestamp}.${rawBody}`), the raw
 *   body being the exact bytes of the request body (UTF-8 JSON).
 * - A receiver recomputes the HMAC over the timestamp header, a dot and the raw body *before* parsing the JSON,
 *   compares in constant time, and rejects timestamps further than 5 minutes from its own clock: a captured
 *   request cannot be replayed later, and the timestamp cannot be changed without breaking the signature.
 *   {@link verifyWebhookSignature} does exactly this.
 * - `X-Vigie-Notification-Id` carries the outbox id: a retried delivery keeps the same id, so a receiver can
 *   drop duplicates; `Idempotency-Key` (and `idempotencyKey` in the body) carries the same value. `X-Vigie-Event` is the kind (down|reminder|up|ups_on_battery|ups_on_mains).
 * - A grouped notice (several servers in one request, webhook-group-payload.ts) carries `group-<batch id>` as
 *   its id and `X-Vigie-Event: group`; it is signed the same way.
 *
 * Body: {@link WebhookPayload} (`version` "1"), with the French summary/description/subject texts.
 * 2xx = delivered; 408/425/429/5xx and network errors retryable; other statuses permanent (see is-retryable.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../shared/clock.ts';
import { AppError, invalidMessage } from '../../shared/errors.ts';
import { descriptionFr, subjectFr, summaryFr } from '../notifications/messages-fr.ts';
import { DEFAULT_HTTP_TIMEOUT_MS, postJson } from './http-post.ts';
import type { OutageCause } from '../domain/liveness-state.ts';
import { isResolution, type NoticeKind, type Severity } from '../domain/notice-vocabulary.ts';
import type { GroupedNotification, Notification, Notifier, NotifyResult } from './notifier.ts';
import { buildGroupedWebhookPayload } from './webhook-group-payload.ts';

export const SIGNATURE_HEADER = 'x-vigie-signature';
export const TIMESTAMP_HEADER = 'x-vigie-timestamp';
export const NOTIFICATION_ID_HEADER = 'x-vigie-notification-id';
/**
 * The idempotency key (IETF draft `Idempotency-Key`), also in the body as `idempotencyKey`: the notice's (or
 * batch's) id, equal on every resend. Several collectors share one outbox and each delivery is claimed once,
 * but a collector killed after the receiver got the request and before it recorded the send leaves the claim
 * to expire and another collector resends: the receiver drops a key it has already processed.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const EVENT_HEADER = 'x-vigie-event';
export const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;
export const MIN_SECRET_LENGTH = 16;

export interface WebhookPayload {
  readonly version: '1';
  readonly id: string;
  readonly alertKey: string;
  readonly kind: NoticeKind;
  /** `firing` for down, reminder and ups_on_battery, `resolved` for up and ups_on_mains. */
  readonly status: 'firing' | 'resolved';
  readonly severity: Severity;
  readonly state: Notification['state'];
  readonly cause: OutageCause;
  readonly server: Notification['server'];
  readonly since: string;
  readonly at: string;
  readonly endedAt: string | null;
  /** Outage length so far (down, reminder) or in total (up), in whole seconds. */
  readonly durationSeconds: number;
  readonly window: { readonly name: string; readonly endsAt: string; readonly timeZone: string } | null;
  readonly generatorUrl: string | null;
  readonly subject: string;
  readonly summary: string;
  readonly description: string;
  /** Kinds `ups_on_battery` / `ups_on_mains`: the UPS, its charge (0–1) and runtime left (s) when the episode began. */
  readonly ups?: { readonly name: string; readonly chargeRatio?: number; readonly runtimeSeconds?: number; readonly lowBatteryAt?: string };
  /** What is known beyond the cause (`ups_exhausted`), when anything. */
  readonly causeDetail?: string;
}

/** Pure: the JSON body for `n`. */
export function buildWebhookPayload(n: Notification): WebhookPayload {
  const end = isResolution(n.kind) ? (n.endedAt ?? n.at) : n.at;
  return {
    version: '1',
    id: n.id,
    alertKey: n.alertKey,
    kind: n.kind,
    status: isResolution(n.kind) ? 'resolved' : 'firing',
    severity: n.severity,
    state: n.state,
    cause: n.cause,
    server: n.server,
    since: n.since.toISOString(),
    at: n.at.toISOString(),
    endedAt: n.endedAt === undefined ? null : n.endedAt.toISOString(),
    durationSeconds: Math.max(0, Math.floor((end.getTime() - n.since.getTime()) / 1000)),
    window: n.window === undefined ? null : { name: n.window.name, endsAt: n.window.endsAt.toISOString(), timeZone: n.window.timeZone },
    generatorUrl: n.generatorUrl ?? null,
    subject: subjectFr(n),
    summary: summaryFr(n),
    description: descriptionFr(n),
    ...(n.causeDetail === undefined ? {} : { causeDetail: n.causeDetail }),
    ...(n.ups === undefined ? {} : { ups: upsPayload(n.ups) }),
  };
}

function upsPayload(ups: NonNullable<Notification['ups']>): NonNullable<WebhookPayload['ups']> {
  const { lowBatteryAt, ...rest } = ups;
  return lowBatteryAt === undefined ? rest : { ...rest, lowBatteryAt: lowBatteryAt.toISOString() };
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${rawBody}`). */
export function signWebhookBody(secret: string, timestampSeconds: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestampSeconds}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** For receivers (and tests): checks the signature headers against the raw body, in constant time. */
export function verifyWebhookSignature(input: {
  readonly secret: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly rawBody: string | Buffer;
  readonly now: Date;
  readonly toleranceMs?: number;
}): VerifyResult {
  if (input.signature === undefined || input.timestamp === undefined) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(input.timestamp) || !/^sha256=[0-9a-f]{64}$/.test(input.signature)) return { ok: false, reason: 'malformed' };
  const timestamp = Number(input.timestamp);
  if (Math.abs(input.now.getTime() - timestamp * 1000) > (input.toleranceMs ?? DEFAULT_TOLERANCE_MS)) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.rawBody));
  const actual = Buffer.from(input.signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

export interface WebhookNotifierOptions {
  readonly url: string;
  /** Shared secret, at least {@link MIN_SECRET_LENGTH} characters. */
  readonly secret: string;
  readonly clock: Clock;
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly dispatcher?: Dispatcher;
}

/** Throws ERR_NOTIFY_CONFIG on a bad URL, a short secret or a bad timeout (checked at start-up). */
export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  const where = 'Webhook notifier';
  if (!URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) {
    throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, 'url', 'an http(s) URL', options.url));
  }
  if (options.secret.length < MIN_SECRET_LENGTH) {
    throw new AppError(
      'ERR_NOTIFY_CONFIG',
      invalidMessage(where, 'secret', `at least ${MIN_SECRET_LENGTH} characters`, `${options.secret.length} characters`),
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, 'timeoutMs', 'a number of milliseconds greater than 0', timeoutMs));
  }
  const what = `Webhook ${new URL(options.url).origin}`;

  async function post(payload: object, id: string, event: string): Promise<NotifyResult> {
    const body = JSON.stringify({ ...payload, idempotencyKey: id });
    const timestamp = Math.floor(options.clock.now().getTime() / 1000);
    return await postJson({
      what,
      url: options.url,
      body,
      timeoutMs,
      clock: options.clock,
      headers: {
        ...options.headers,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookBody(options.secret, timestamp, body),
        [NOTIFICATION_ID_HEADER]: id,
        [IDEMPOTENCY_KEY_HEADER]: id,
        [EVENT_HEADER]: event,
      },
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
  }

  return {
    channel: 'webhook',
    async send(n: Notification): Promise<NotifyResult> {
      return await post(buildWebhookPayload(n), n.id, n.kind);
    },
    async sendGroup(g: GroupedNotification): Promise<NotifyResult> {
      return await post(buildGroupedWebhookPayload(g), g.id, 'group');
    },
  };
}
