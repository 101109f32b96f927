// The webhook notifier against a real HTTP receiver that verifies the HMAC on its own (node:crypto), as a
// third-party receiver would, and rejects bad signatures with 401.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookNotifier } from '../../../../collector/notifiers/webhook-notifier.ts';
import type { WebhookPayload } from '../../../../collector/notifiers/webhook-notifier.ts';
import { systemClock } from '../../../../shared/clock.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';
import { startWebhookReceiver } from '../../../helpers/webhook-receiver.ts';
import type { ReceivedRequest, WebhookReceiver } from '../../../helpers/webhook-receiver.ts';

const SECRET = 'receiver-and-collector-share-this';

/** What a receiver does: HMAC over "<timestamp>.<raw body>", constant-time compare, 5-minute window. */
function receiverAccepts(req: ReceivedRequest): boolean {
  const timestamp = req.headers['x-vigie-timestamp'];
  const signature = req.headers['x-vigie-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.`).update(req.rawBody).digest('hex')}`);
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

describe('webhook notifier with a verifying receiver', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver((req) => (receiverAccepts(req) ? { status: 204 } : { status: 401, body: 'bad signature' }));
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('delivers a signed down then up notification that the receiver verifies', async () => {
    const notifier = createWebhookNotifier({ url: `${receiver.url}hooks/vigie`, secret: SECRET, clock: systemClock });
    expect(notifier.channel).toBe('webhook');
    expect(await notifier.send(makeNotification({ id: 'outbox-7', kind: 'down' }))).toEqual({ status: 'sent' });
    expect(await notifier.send(makeNotification({ id: 'outbox-8', kind: 'up', state: 'online', endedAt: new Date('2025-07-12T14:16:10Z') }))).toEqual({ status: 'sent' });

    const [down, up] = receiver.requests.filter((r) => r.path === '/hooks/vigie');
    expect(down?.headers['x-vigie-notification-id']).toBe('outbox-7');
    expect(down?.headers['idempotency-key']).toBe('outbox-7');
    expect((down?.json() as { idempotencyKey?: string }).idempotencyKey).toBe('outbox-7');
    expect(up?.headers['idempotency-key']).toBe('outbox-8');
    expect(down?.headers['x-vigie-event']).toBe('down');
    expect(down?.headers['x-vigie-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const downPayload = down?.json() as WebhookPayload;
    expect(downPayload.status).toBe('firing');
    expect(downPayload.summary).toContain('Serveur Scribe scribe — Collège Jean Moulin (0860021F) éteint');
    const upPayload = up?.json() as WebhookPayload;
    expect(upPayload.status).toBe('resolved');
    expect(upPayload.summary).toContain("de nouveau en ligne après 2 h 14 min d'interruption");
  });

  it('is rejected (permanently) with a wrong secret', async () => {
    const notifier = createWebhookNotifier({ url: receiver.url, secret: 'not-the-shared-secret!', clock: systemClock });
    const result = await notifier.send(makeNotification());
    expect(result).toEqual({ status: 'failed', error: `Webhook ${receiver.url.slice(0, -1)} answered HTTP 401: bad signature` });
  });

  it('is rejected when its clock is 10 minutes off (the timestamp is signed, so it cannot be forged)', async () => {
    const skewed = new FakeClock(systemClock.now().getTime() - 10 * 60_000);
    const notifier = createWebhookNotifier({ url: receiver.url, secret: SECRET, clock: skewed });
    expect((await notifier.send(makeNotification())).status).toBe('failed');
  });

  it('a replayed request with a fresh timestamp but the old signature is rejected', async () => {
    const notifier = createWebhookNotifier({ url: receiver.url, secret: SECRET, clock: new FakeClock(systemClock.now().getTime() - 2_000) });
    expect(await notifier.send(makeNotification({ id: 'outbox-replay' }))).toEqual({ status: 'sent' });
    const original = receiver.requests.find((r) => r.headers['x-vigie-notification-id'] === 'outbox-replay');
    expect(original).toBeDefined();
    const res = await fetch(receiver.url, {
      method: 'POST',
      body: original?.rawBody,
      headers: {
        'content-type': 'application/json',
        'x-vigie-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-vigie-signature': String(original?.headers['x-vigie-signature']),
      },
    });
    expect(res.status).toBe(401);
  });
});
