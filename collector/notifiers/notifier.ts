/**
 * The one contract every notification channel implements (healthchecks `Transport`, OTel `ExportResponse`).
 *
 * The outbox dispatcher builds a {@link Notification} from an outbox row and calls `send()` on each enabled
 * {@link Notifier}. Routine outcomes are values, never exceptions: a notifier returns `sent`, `retryable`
 * (the dispatcher schedules another attempt with `nextRetryDelayMs`, or after `retryInMs` when the peer said
 * so through Retry-After) or `failed` (permanent: bad configuration, 4xx other than 429; do not retry).
 */
import type { CauseDetail, OutageCause } from '../domain/liveness-state.ts';
import type { NoticeKind, NoticeState, Severity } from '../domain/notice-vocabulary.ts';
import type { GroupedNoticePlan } from '../notifications/group-plan-fr.ts';

export interface Notification {
  /** Unique per notification (outbox row id), for idempotency on the receiving side. */
  readonly id: string;
  /** Stable for one outage of one server: `${uai}/${machine}/${outageStartMs}`. */
  readonly alertKey: string;
  readonly kind: NoticeKind;
  readonly severity: Severity;
  readonly server: { readonly uai: string; readonly machine: string; readonly name: string; readonly academie?: string; readonly commune?: string };
  readonly state: NoticeState;
  readonly cause: OutageCause;
  /** Outage start. */
  readonly since: Date;
  /** When this notification was decided. */
  readonly at: Date;
  /** For kind 'up': when the server came back. */
  readonly endedAt?: Date;
  /** The maintenance window the server is in, if any (its time zone is used to show times). */
  readonly window?: { readonly name: string; readonly endsAt: Date; readonly timeZone: string };
  /** Link to the collector's server page/API. */
  readonly generatorUrl?: string;
  /**
   * For kinds 'reminder' and 'up': the cause, severity and window the outage's 'down' notification carried.
   * Alertmanager identifies an alert by its label set, and `cause`/`severity`/`window` are labels: when the
   * cause is refined later (power_loss → network once the boot time is known) or the window ends mid-outage,
   * the reminder and the resolution must still carry the original labels, or Alertmanager would see a second
   * alert and leave the first one firing. Filled by the dispatcher from the outage's first notification;
   * when absent, the current values are used. Texts always use the current values.
   */
  readonly announced?: { readonly cause: OutageCause; readonly severity: Severity; readonly windowName?: string };
  /** What is known beyond the cause (`ups_exhausted`: silent while on UPS battery), when anything. */
  readonly causeDetail?: CauseDetail;
  /**
   * For kinds `ups_on_battery` / `ups_on_mains`: the UPS and its battery when the episode began (`since`;
   * `endedAt` = back on line power). Such notices have `state` `online` and `cause` `power_loss`.
   */
  readonly ups?: {
    readonly name: string;
    readonly chargeRatio?: number;
    readonly runtimeSeconds?: number;
    /** When the battery was first reported low during the episode. */
    readonly lowBatteryAt?: Date;
  };
}

/**
 * Several notifications of one kind sent as one message (docs/NOTIFICATIONS.md « Grouped notices »): built by
 * the dispatcher from one batch of the outbox, the same on every retry of that batch.
 */
export interface GroupedNotification {
  /** `group-<batch id>`: the idempotency key, the same on every retry. */
  readonly id: string;
  readonly kind: NoticeKind;
  /** When the batch was formed. */
  readonly at: Date;
  readonly notifications: readonly Notification[];
  /** Title, summary and the servers grouped by place (French). */
  readonly plan: GroupedNoticePlan;
  /** Set when the per-hour cap held these notices back: how many, since when, and the cap. */
  readonly heldByCap?: { readonly count: number; readonly since: Date; readonly maxPerHour: number };
}

export type NotifyResult =
  | { readonly status: 'sent' }
  | { readonly status: 'retryable'; readonly error: string; readonly retryInMs?: number }
  | { readonly status: 'failed'; readonly error: string }; // permanent: do not retry

export type NotifierChannel = 'alertmanager' | 'webhook' | 'email';

export interface Notifier {
  readonly channel: NotifierChannel;
  /** Delivers one notification. Never throws for expected failures (network, HTTP status, SMTP reply). */
  send(n: Notification): Promise<NotifyResult>;
  /**
   * Delivers several notifications as one message. Channels that implement it (e-mail, webhook) get their
   * notices grouped when `notifications.grouping` is on; the others (Alertmanager, which groups on its own)
   * keep one `send()` per notification.
   */
  sendGroup?(g: GroupedNotification): Promise<NotifyResult>;
}
