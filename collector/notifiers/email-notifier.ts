/**
 * E-mail notifier: one French mail per notification (down, reminder, back online) over SMTP with nodemailer,
 * plain text plus a simple HTML alternative (texts in ../notifications/mail-fr.ts).
 *
 * Headers:
 * - `Message-ID` is derived from the outbox id, so a retried delivery of the same notification carries the
 *   same id (mail clients and archives drop the duplicate).
 * - Reminders and the back-online mail reply to the down mail (`In-Reply-To`/`References` = the outage's
 *   thread id derived from `alertKey`), so one outage reads as one thread.
 * - `Auto-Submitted: auto-generated` (RFC 3834: no vacation replies), `X-Vigie-Notification-Id`,
 *   `X-Vigie-Alert-Key`, `X-Vigie-Event`; `Importance: high` for critical down mails and reminders.
 *
 * A grouped notice (several servers in one mail, ../notifications/group-text-fr.ts) has its own Message-ID
 * (derived from the batch), `X-Vigie-Event: group`, `X-Vigie-Group-Event` (down|reminder|up) and
 * `X-Vigie-Group-Size`.
 *
 * Results: SMTP 4xx replies and connection errors are retryable, 5xx replies, authentication and envelope
 * errors permanent (is-retryable.ts). A mail accepted for at least one recipient counts as sent.
 */
import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { Clock } from '../../shared/clock.ts';
import { AppError, invalidMessage } from '../../shared/errors.ts';
import { isResolution } from '../domain/notice-vocabulary.ts';
import { renderMailFr, type MailContent } from '../notifications/mail-fr.ts';
import { renderGroupedMailFr } from '../notifications/group-text-fr.ts';
import { classifyError } from './is-retryable.ts';
import type { GroupedNotification, Notification, Notifier, NotifyResult } from './notifier.ts';

export const DEFAULT_SMTP_TIMEOUT_MS = 15_000;

export interface EmailNotifierOptions {
  /** SMTP relay: host, port, secure (implicit TLS), requireTLS, auth, tls… (nodemailer SMTP options). */
  readonly smtp: Pick<SMTPTransportOptions, 'host' | 'port' | 'secure' | 'requireTLS' | 'ignoreTLS' | 'auth' | 'tls' | 'name'>;
  /** Sender, e.g. `Vigie <vigie@ac-poitiers.fr>`. */
  readonly from: string;
  readonly to: readonly string[];
  readonly clock: Clock;
  /** Bounds connecting, the greeting and each socket inactivity (default 15 s). */
  readonly timeoutMs?: number;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

function bareAddress(value: string): string {
  const match = /<([^<>]+)>\s*$/.exec(value);
  return (match?.[1] ?? value).trim();
}

/** The domain used on the right of Message-IDs: the sender's domain. */
export function messageIdDomain(from: string): string {
  const domain = bareAddress(from).split('@')[1];
  return domain === undefined || domain === '' ? 'vigie.invalid' : domain;
}

function threadToken(alertKey: string): string {
  return createHash('sha256').update(alertKey).digest('hex').slice(0, 24);
}

/** Pure: the identifying headers of the mail for `n`. */
export function mailThreadHeaders(n: Notification, domain: string): { messageId: string; inReplyTo?: string } {
  const thread = `<vigie.${threadToken(n.alertKey)}@${domain}>`;
  if (n.kind === 'down' || n.kind === 'ups_on_battery') return { messageId: thread };
  const safeId = n.id.replace(/[^A-Za-z0-9._-]/g, '_');
  return { messageId: `<vigie.${threadToken(n.alertKey)}.${safeId}@${domain}>`, inReplyTo: thread };
}

/** Pure: the Message-ID of a grouped mail, stable across retries of one batch (its id and formation instant). */
export function groupMessageId(g: Pick<GroupedNotification, 'id' | 'at'>, domain: string): string {
  return `<vigie.${threadToken(`${g.id}/${g.at.getTime()}`)}@${domain}>`;
}

/** Throws ERR_NOTIFY_CONFIG on a missing host, bad addresses or a bad timeout (checked at start-up). */
export function createEmailNotifier(options: EmailNotifierOptions): Notifier {
  const where = 'E-mail notifier';
  if (options.smtp.host === undefined || options.smtp.host === '') {
    throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, 'smtp.host', 'a host name', options.smtp.host ?? ''));
  }
  if (!ADDRESS.test(bareAddress(options.from))) {
    throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, 'from', 'an e-mail address', options.from));
  }
  if (options.to.length === 0) throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, 'to', 'at least one address', options.to));
  for (const [i, address] of options.to.entries()) {
    if (!ADDRESS.test(bareAddress(address))) {
      throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, `to[${i}]`, 'an e-mail address', address));
    }
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, 'timeoutMs', 'a number of milliseconds greater than 0', timeoutMs));
  }

  const transport = createTransport({
    ...options.smtp,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  const domain = messageIdDomain(options.from);
  const what = `SMTP ${options.smtp.host}:${options.smtp.port ?? (options.smtp.secure === true ? 465 : 587)}`;

  async function mail(content: MailContent, ids: { messageId: string; inReplyTo?: string }, headers: Record<string, string>): Promise<NotifyResult> {
    try {
      await transport.sendMail({
        from: options.from,
        to: [...options.to],
        subject: content.subject,
        text: content.text,
        html: content.html,
        date: options.clock.now(),
        messageId: ids.messageId,
        ...(ids.inReplyTo === undefined ? {} : { inReplyTo: ids.inReplyTo, references: [ids.inReplyTo] }),
        headers: { 'Auto-Submitted': 'auto-generated', ...headers },
      });
      return { status: 'sent' };
    } catch (err) {
      return classifyError(what, err);
    }
  }

  return {
    channel: 'email',
    async send(n: Notification): Promise<NotifyResult> {
      const urgent = !isResolution(n.kind) && n.severity === 'critical';
      return await mail(renderMailFr(n), mailThreadHeaders(n, domain), {
        'X-Vigie-Notification-Id': n.id,
        'X-Vigie-Alert-Key': n.alertKey,
        'X-Vigie-Event': n.kind,
        ...(urgent ? { Importance: 'high' } : {}),
      });
    },
    async sendGroup(g: GroupedNotification): Promise<NotifyResult> {
      const urgent = !isResolution(g.kind) && g.notifications.some((n) => n.severity === 'critical');
      return await mail(renderGroupedMailFr(g), { messageId: groupMessageId(g, domain) }, {
        'X-Vigie-Notification-Id': g.id,
        'X-Vigie-Event': 'group',
        'X-Vigie-Group-Event': g.kind,
        'X-Vigie-Group-Size': String(g.notifications.length),
        ...(urgent ? { Importance: 'high' } : {}),
      });
    },
  };
}
