/**
 * The webhook body of a grouped notice (docs/NOTIFICATIONS.md « Grouped notices »): `kind` "group", the event
 * (`down`, `reminder`, `up`) of every notice inside, the French title and body, and each notice as the
 * single-notice payload would carry it. `id` (`group-<batch id>`) is the idempotency key, the same on retries.
 */
import type { NoticeKind } from '../domain/notice-vocabulary.ts';
import type { GroupScope } from '../notifications/group-plan-fr.ts';
import { groupDescriptionFr } from '../notifications/group-text-fr.ts';
import type { GroupedNotification } from './notifier.ts';
import { buildWebhookPayload, type WebhookPayload } from './webhook-notifier.ts';

export interface GroupedWebhookPayload {
  readonly version: '1';
  readonly kind: 'group';
  readonly id: string;
  readonly event: NoticeKind;
  /** `firing` for down and reminder, `resolved` for up. */
  readonly status: 'firing' | 'resolved';
  /** How many notices (`notices.length`), distinct servers and schools. */
  readonly count: number;
  readonly servers: number;
  readonly schools: number;
  /** What the title speaks of: one school, communes, départements, schools, the whole académie. */
  readonly scope: GroupScope;
  readonly at: string;
  /** Set when the per-hour cap held these notices back. */
  readonly heldByCap: { readonly count: number; readonly since: string; readonly maxPerHour: number } | null;
  readonly subject: string;
  readonly summary: string;
  readonly description: string;
  readonly notices: readonly WebhookPayload[];
}

/** Pure: the JSON body for `g`. */
export function buildGroupedWebhookPayload(g: GroupedNotification): GroupedWebhookPayload {
  return {
    version: '1',
    kind: 'group',
    id: g.id,
    event: g.kind,
    status: g.kind === 'up' ? 'resolved' : 'firing',
    count: g.notifications.length,
    servers: g.plan.servers,
    schools: g.plan.schools,
    scope: g.plan.scope,
    at: g.at.toISOString(),
    heldByCap:
      g.heldByCap === undefined
        ? null
        : { count: g.heldByCap.count, since: g.heldByCap.since.toISOString(), maxPerHour: g.heldByCap.maxPerHour },
    subject: g.plan.subject,
    summary: g.plan.summary,
    description: groupDescriptionFr(g),
    notices: g.notifications.map(buildWebhookPayload),
  };
}
