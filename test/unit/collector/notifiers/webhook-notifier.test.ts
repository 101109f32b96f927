import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildWebhookPayload,
  createWebhookNotifier,
  signWebhookBody,
  verifyWebhookSignature,
} from '../../../../collector/notifiers/webhook-notifier.ts';
import { isAppError } from '../../../../shared/errors.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';

const secret = 'a-long-enough-shared-secret';
const body = '{"kind":"down","summary":"Serveur Scribe éteint"}';
const ts = 1_752_321_600; // 2025-07-12T12:00:00Z

describe('signWebhookBody', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex');
    expect(signWebhookBody(secret, ts, body)).toBe(`sha256=${expected}`);
    expect(signWebhookBody(secret, ts, Buffer.from(body))).toBe(`sha256=${expected}`);
  });
});

describe('verifyWebhookSignature', () => {
  const good = signWebhookBody(secret, ts, body);
  const at = (iso: string): Date => new Date(iso);
  it.each<[string, Partial<Parameters<typeof verifyWebhookSignature>[0]>, ReturnType<typeof verifyWebhookSignature>]>([
    ['a good signature', {}, { ok: true }],
    ['4 min clock skew', { now: at('2025-07-12T12:04:00Z') }, { ok: true }],
    ['6 min later: replay', { now: at('2025-07-12T12:06:00Z') }, { ok: false, reason: 'stale' }],
    ['6 min earlier', { now: at('2025-07-12T11:54:00Z') }, { ok: false, reason: 'stale' }],
    ['wrong secret', { secret: 'another-secret-of-length' }, { ok: false, reason: 'mismatch' }],
    ['body changed', { rawBody: body.replace('down', 'up') }, { ok: false, reason: 'mismatch' }],
    ['timestamp changed', { timestamp: String(ts + 1) }, { ok: false, reason: 'mismatch' }],
    ['missing signature', { signature: undefined }, { ok: false, reason: 'missing' }],
    ['missing timestamp', { timestamp: undefined }, { ok: false, reason: 'missing' }],
    ['malformed signature', { signature: 'md5=abc' }, { ok: false, reason: 'malformed' }],
    ['malformed timestamp', { timestamp: '12:00' }, { ok: false, reason: 'malformed' }],
  ])('%s', (_name, overrides, expected) => {
    const input = { secret, signature: good, timestamp: String(ts), rawBody: body, now: at('2025-07-12T12:00:30Z'), ...overrides };
    expect(verifyWebhookSignature(input)).toEqual(expected);
  });
});

describe('buildWebhookPayload', () => {
  it('carries identity, times, window and French texts for a down notification', () => {
    const payload = buildWebhookPayload(makeNotification({ at: new Date('2025-07-12T12:05:30Z') }));
    expect(payload).toMatchObject({
      version: '1',
      id: 'outbox-1',
      alertKey: '0860021F/scribe/1752321720000',
      kind: 'down',
      status: 'firing',
      severity: 'critical',
      cause: 'power_loss',
      server: { uai: '0860021F', machine: 'scribe', name: 'Collège Jean Moulin', academie: 'Poitiers' },
      since: '2025-07-12T12:02:00.000Z',
      at: '2025-07-12T12:05:30.000Z',
      endedAt: null,
      durationSeconds: 210,
      window: { name: 'Bascule 2025', endsAt: '2025-09-12T21:59:59.000Z', timeZone: 'Europe/Paris' },
      generatorUrl: 'http://collecteur.example/api/v1/servers/0860021F/scribe',
    });
    expect(payload.summary).toContain('éteint pendant la période de maintenance « Bascule 2025 » depuis 14:02');
    expect(payload.subject).toMatch(/^\[Vigie\]\[critique\]/);
  });

  it('marks kind up as resolved with the total duration', () => {
    const payload = buildWebhookPayload(
      makeNotification({ kind: 'up', state: 'online', endedAt: new Date('2025-07-12T14:16:10Z'), window: undefined, generatorUrl: undefined }),
    );
    expect(payload).toMatchObject({ status: 'resolved', endedAt: '2025-07-12T14:16:10.000Z', durationSeconds: 8050, window: null, generatorUrl: null });
  });
});

describe('createWebhookNotifier', () => {
  const clock = new FakeClock();
  it.each<[string, Parameters<typeof createWebhookNotifier>[0], string]>([
    ['bad URL', { url: 'nope', secret, clock }, 'url is invalid'],
    ['non-http URL', { url: 'file:///etc/passwd', secret, clock }, 'url is invalid'],
    ['short secret', { url: 'http://hook.example/', secret: 'short', clock }, "secret is invalid, expected at least 16 characters (actual: '5 characters')"],
    ['bad timeout', { url: 'http://hook.example/', secret, clock, timeoutMs: 0 }, 'timeoutMs is invalid'],
  ])('rejects %s with ERR_NOTIFY_CONFIG', (_name, options, fragment) => {
    let caught: unknown;
    try {
      createWebhookNotifier(options);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'ERR_NOTIFY_CONFIG')).toBe(true);
    expect((caught as Error).message).toContain(fragment);
  });
});
