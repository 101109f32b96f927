/**
 * The notification channels part of the collector configuration (key `notifications` of the YAML file), and
 * the factory that turns it into {@link Notifier}s. Meant to be plugged into `collector/config.ts` as one key
 * (validated there with the rest) and called from `collector/main.ts`.
 *
 * ```yaml
 * notifications:
 *   alertmanager:
 *     urls: [http://127.0.0.1:9093]     # every instance of an HA cluster
 *     timeout: 10s
 *     firingTtl: 12h                    # default: 3 × liveness.reminderEvery (or 12 h without reminders)
 *     extraLabels: { team: dsi }
 *   webhook:
 *     url: https://hooks.example/vigie
 *     secretFile: /etc/vigie/webhook.secret   # or secret: "…" (≥ 16 characters)
 *   email:
 *     from: Vigie <vigie@ac-poitiers.fr>
 *     to: [dsi@ac-poitiers.fr]
 *     smtp: { host: smtp.ac-poitiers.fr, port: 587, requireTLS: true, user: vigie, passwordFile: /etc/vigie/smtp.pass }
 *   grouping: { delaySeconds: 30, maxPerHourPerChannel: 20 }   # see ../config/grouping-config.ts
 * ```
 * Secrets can come from a file (`secretFile`, `passwordFile`) so they stay out of the main configuration.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import type { Clock } from '../../shared/clock.ts';
import { parseDurationMs } from '../../shared/config/durations.ts';
import { AppError, invalidMessage } from '../../shared/errors.ts';
import { GroupingConfigSchema } from '../config/grouping-config.ts';
import { createAlertmanagerNotifier } from './alertmanager-notifier.ts';
import { createEmailNotifier } from './email-notifier.ts';
import type { Notifier } from './notifier.ts';
import { createWebhookNotifier } from './webhook-notifier.ts';

const DurationSchema = Type.String({ pattern: '^\\s*[0-9]+(\\.[0-9]+)?\\s*(ms|s|m|h|d)?\\s*$', description: 'a duration such as 10s, 5m, 12h' });

export const NotifiersConfigSchema = Type.Object(
  {
    alertmanager: Type.Optional(
      Type.Object(
        {
          urls: Type.Array(Type.String({ pattern: '^https?://' }), { minItems: 1, description: 'Alertmanager base URLs' }),
          timeout: Type.Optional(DurationSchema),
          firingTtl: Type.Optional(DurationSchema),
          extraLabels: Type.Optional(
            Type.Record(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), Type.String(), { additionalProperties: false, description: 'extra labels' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    webhook: Type.Optional(
      Type.Object(
        {
          url: Type.String({ pattern: '^https?://', description: 'receiver URL' }),
          secret: Type.Optional(Type.String({ minLength: 16, description: 'HMAC-SHA256 shared secret' })),
          secretFile: Type.Optional(Type.String({ minLength: 1, description: 'file holding the shared secret' })),
          timeout: Type.Optional(DurationSchema),
        },
        { additionalProperties: false },
      ),
    ),
    email: Type.Optional(
      Type.Object(
        {
          from: Type.String({ minLength: 3, description: 'sender, e.g. Vigie <vigie@ac-poitiers.fr>' }),
          to: Type.Array(Type.String({ minLength: 3 }), { minItems: 1, description: 'recipients' }),
          timeout: Type.Optional(DurationSchema),
          smtp: Type.Object(
            {
              host: Type.String({ minLength: 1 }),
              port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
              secure: Type.Optional(Type.Boolean({ description: 'implicit TLS (port 465)' })),
              requireTLS: Type.Optional(Type.Boolean({ description: 'fail unless STARTTLS succeeds' })),
              rejectUnauthorized: Type.Optional(Type.Boolean({ description: 'false accepts a self-signed relay certificate' })),
              user: Type.Optional(Type.String()),
              password: Type.Optional(Type.String()),
              passwordFile: Type.Optional(Type.String({ minLength: 1 })),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
    ),
    /** Grouping of the e-mail and webhook notices (collector/config/grouping-config.ts). */
    grouping: Type.Optional(GroupingConfigSchema),
    leaseSeconds: Type.Optional(
      Type.Integer({
        minimum: 2,
        maximum: 3600,
        description:
          'How long a collector holds a delivery it claimed (default 60): if it dies while sending, another collector (or itself after a restart) sends it again once the lease expires. Keep above the slowest notifier timeout.',
      }),
    ),
  },
  { default: {}, additionalProperties: false },
);
export type NotifiersConfig = Static<typeof NotifiersConfigSchema>;

export interface NotifiersDeps {
  readonly clock: Clock;
  /** The liveness reminder interval (0 = no reminders): the Alertmanager alert lifetime defaults to 3× it. */
  readonly reminderEveryMs: number;
  readonly readFile?: (path: string) => string;
}

const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;

function duration(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDurationMs(value);
  if (ms === undefined || ms <= 0) {
    throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage('notifications', field, 'a duration greater than 0 such as 10s', value));
  }
  return ms;
}

function secretFrom(field: string, inline: string | undefined, file: string | undefined, readFile: (p: string) => string): string | undefined {
  if (inline !== undefined && file !== undefined) {
    throw new AppError('ERR_NOTIFY_CONFIG', `notifications: ${field} and ${field}File are both set, expected only one`);
  }
  if (file === undefined) return inline;
  try {
    return readFile(file).trim();
  } catch (err) {
    throw new AppError('ERR_NOTIFY_CONFIG', `notifications: ${field}File '${file}' cannot be read (${(err as Error).message})`);
  }
}

/** Builds the configured notifiers (zero to three). Throws ERR_NOTIFY_CONFIG on anything wrong. */
export function createNotifiers(config: NotifiersConfig, deps: NotifiersDeps): Notifier[] {
  const readFile = deps.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const notifiers: Notifier[] = [];
  const { clock } = deps;

  if (config.alertmanager !== undefined) {
    const am = config.alertmanager;
    const timeoutMs = duration('alertmanager.timeout', am.timeout);
    const firingTtlMs = duration('alertmanager.firingTtl', am.firingTtl) ?? (deps.reminderEveryMs > 0 ? 3 * deps.reminderEveryMs : TWELVE_HOURS_MS);
    notifiers.push(
      createAlertmanagerNotifier({
        url: am.urls,
        clock,
        firingTtlMs,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(am.extraLabels === undefined ? {} : { extraLabels: am.extraLabels }),
      }),
    );
  }

  if (config.webhook !== undefined) {
    const hook = config.webhook;
    const secret = secretFrom('webhook.secret', hook.secret, hook.secretFile, readFile);
    if (secret === undefined) {
      throw new AppError('ERR_NOTIFY_CONFIG', 'notifications: webhook.secret is missing, expected secret or secretFile');
    }
    const timeoutMs = duration('webhook.timeout', hook.timeout);
    notifiers.push(createWebhookNotifier({ url: hook.url, secret, clock, ...(timeoutMs === undefined ? {} : { timeoutMs }) }));
  }

  if (config.email !== undefined) {
    const mail = config.email;
    const password = secretFrom('email.smtp.password', mail.smtp.password, mail.smtp.passwordFile, readFile);
    const timeoutMs = duration('email.timeout', mail.timeout);
    notifiers.push(
      createEmailNotifier({
        from: mail.from,
        to: mail.to,
        clock,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        smtp: {
          host: mail.smtp.host,
          ...(mail.smtp.port === undefined ? {} : { port: mail.smtp.port }),
          ...(mail.smtp.secure === undefined ? {} : { secure: mail.smtp.secure }),
          ...(mail.smtp.requireTLS === undefined ? {} : { requireTLS: mail.smtp.requireTLS }),
          ...(mail.smtp.rejectUnauthorized === undefined ? {} : { tls: { rejectUnauthorized: mail.smtp.rejectUnauthorized } }),
          ...(mail.smtp.user === undefined ? {} : { auth: { user: mail.smtp.user, pass: password ?? '' } }),
        },
      }),
    );
  }
  return notifiers;
}
