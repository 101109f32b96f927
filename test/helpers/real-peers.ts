/**
 * The real peers of the notification pipeline tests: a webhook receiver, a real Alertmanager (posting to its
 * own receiver) and an SMTP server, started once per file, and the HMAC check of a received webhook.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../shared/clock.ts';
import type { Notifier } from '../../collector/notifiers/notifier.ts';
import { createNotifiers } from '../../collector/notifiers/notifiers-config.ts';
import { verifyWebhookSignature } from '../../collector/notifiers/webhook-notifier.ts';
import { startAlertmanager, type RunningAlertmanager } from './alertmanager.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './webhook-receiver.ts';

export interface RealPeers {
  /** Our webhook channel's receiver. */
  readonly hook: WebhookReceiver;
  /** Where Alertmanager posts its own notifications. */
  readonly amHook: WebhookReceiver;
  readonly am: RunningAlertmanager;
  readonly smtp: SmtpSink;
}

/** Starts the peers before the file's tests and stops them after; `onClose` runs first (e.g. closing a harness). */
export function useRealPeers(onClose: () => void | Promise<void> = () => {}): () => RealPeers {
  let peers: Partial<RealPeers> = {};
  beforeAll(async () => {
    const hook = await startWebhookReceiver();
    const amHook = await startWebhookReceiver();
    peers = { hook, amHook, am: await startAlertmanager({ webhookUrl: amHook.url }), smtp: await startSmtpSink() };
  });
  afterAll(async () => {
    await onClose();
    await peers.am?.stop();
    await Promise.all([peers.hook?.close(), peers.amHook?.close(), peers.smtp?.close()]);
  });
  return () => peers as RealPeers;
}

/** Whether a received webhook's HMAC signature checks out with `secret` at `now`. */
export function webhookVerified(req: ReceivedRequest, secret: string, now: Date): { ok: boolean } {
  const header = (n: string) => [req.headers[n]].flat()[0];
  return verifyWebhookSignature({ secret, signature: header('x-vigie-signature'), timestamp: header('x-vigie-timestamp'), rawBody: req.rawBody, now });
}

/** The three real notifiers (Alertmanager, webhook at `<hook>/vigie` signed with `secret`, e-mail) aimed at the peers. */
export function realNotifiers(peers: RealPeers, secret: string): (clock: Clock) => Notifier[] {
  return (clock) =>
    createNotifiers(
      {
        alertmanager: { urls: [peers.am.url], timeout: '5s' },
        webhook: { url: `${peers.hook.url}/vigie`, secret },
        email: { from: 'Vigie <vigie@ac-poitiers.fr>', to: ['dsi@ac-poitiers.fr'], smtp: { host: peers.smtp.host, port: peers.smtp.port } },
      },
      { clock, reminderEveryMs: 4 * 3_600_000 },
    );
}
