/**
 * Sends the outbox's deliveries of the channels that group (e-mail, webhook) by batch (docs/NOTIFICATIONS.md
 * « Grouped notices »). Each delivery of such a channel waits `grouping.delayMs` after its notice (stored as
 * its next attempt); when the earliest of a kind falls due, every pending delivery of that kind on the channel
 * is claimed into one batch (one transaction) and sent as one grouped message, or as the usual single message
 * when the batch holds one notice. Past `maxPerHourPerChannel` batches in the last hour, deliveries stay
 * pending (durably) and the next allowed batch takes them all, saying how many the cap held back.
 */
import type { GroupingSettings } from '../config/grouping-config.ts';
import { CAP_WINDOW_MS, capAllows, nextAllowedAtMs } from '../domain/notice-cap.ts';
import type { Rng } from '../notifiers/backoff.ts';
import type { GroupedNotification, Notification, Notifier } from '../notifiers/notifier.ts';
import { planGroupedNotice } from '../notifications/group-plan-fr.ts';
import { displayTimeZone } from '../notifications/messages-fr.ts';
import type { SchoolPlace } from '../domain/school-place.ts';
import type { BatchRow } from '../storage/batch-repo.ts';
import type { NoticeRow } from '../storage/outbox-repo.ts';
import type { Store } from '../storage/store.ts';
import { decideOutcome, recordOutcome, sendSafely, type DispatchLog } from './delivery-outcome.ts';

export interface GroupDispatcherDeps {
  readonly store: Store;
  /** Every notifier; those with `sendGroup` group when `grouping.delayMs` > 0. */
  readonly notifiers: readonly Notifier[];
  readonly grouping: GroupingSettings;
  readonly build: (notice: NoticeRow) => Promise<Notification | undefined>;
  readonly rng: Rng;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly log?: DispatchLog;
}

type Outcome = 'sent' | 'retried' | 'failed';

/** New batches formed per channel and pass at most (each kind is one batch; a guard against a busy loop). */
const MAX_NEW_BATCHES_PER_PASS = 10;

export function createGroupDispatcher(deps: GroupDispatcherDeps) {
  const { store, grouping } = deps;
  // Batches already formed are always finished, even once grouping is turned off; new ones only while it is on.
  const resumable = deps.notifiers.filter((n) => n.sendGroup !== undefined);
  const grouped = grouping.delayMs > 0 ? resumable : [];
  const channels = grouped.map((n) => n.channel as string);

  async function fleetSize(): Promise<number> {
    return (await store.servers.list()).filter((s) => s.retiredAtMs === null).length;
  }

  async function toGroup(batch: BatchRow, notifications: readonly Notification[]): Promise<GroupedNotification> {
    const at = new Date(batch.claimedAtMs);
    const items = notifications.map((n) => ({
      uai: n.server.uai, machine: n.server.machine, name: n.server.name, cause: n.cause, state: n.state, severity: n.severity, since: n.since,
      ...(n.endedAt === undefined ? {} : { endedAt: n.endedAt }),
    }));
    const timeZone = displayTimeZone(notifications[0] ?? {});
    const fleet = await fleetSize();
    // The places of the batch's schools, read once before the (synchronous) plan.
    const places = new Map<string, SchoolPlace | undefined>();
    for (const uai of new Set(items.map((i) => i.uai))) places.set(uai, await grouping.lookup(uai));
    return {
      id: `group-${batch.id}`,
      kind: batch.kind,
      at,
      notifications,
      plan: planGroupedNotice(items, (uai) => places.get(uai), { kind: batch.kind, at, timeZone, fleetSize: fleet }),
      ...(batch.heldByCap > 0 && batch.heldSinceMs !== null
        ? { heldByCap: { count: batch.heldByCap, since: new Date(batch.heldSinceMs), maxPerHour: grouping.maxPerHourPerChannel } }
        : {}),
    };
  }

  async function sendBatch(notifier: Notifier, batch: BatchRow, nowMs: number): Promise<Outcome> {
    const notifications: Notification[] = [];
    for (const id of await store.batches.members(batch.id)) {
      const notice = await store.outbox.notice(id);
      const n = notice === undefined ? undefined : await deps.build(notice);
      if (n !== undefined) notifications.push(n);
    }
    if (notifications.length === 0) {
      await store.batches.markFailed(batch.id, 'failed', 'notices or servers vanished');
      return 'failed';
    }
    const group = await toGroup(batch, notifications);
    const single = notifications.length === 1 && group.heldByCap === undefined;
    const result = await sendSafely(() => (single ? notifier.send(notifications[0]!) : notifier.sendGroup!(group)));
    const outcome = decideOutcome(result, batch.attempts, nowMs, deps.maxAttempts, deps.rng);
    const fields = { channel: batch.channel, batch: batch.id, kind: batch.kind, notices: notifications.length, attempt: batch.attempts };
    return recordOutcome(outcome, fields, deps.log, {
      sent: () => store.batches.markSent(batch.id, nowMs),
      end: (status, error) => store.batches.markFailed(batch.id, status, error),
      retry: (atMs, error) => store.batches.scheduleRetry(batch.id, atMs, error),
    });
  }

  async function dispatchChannel(notifier: Notifier, nowMs: number): Promise<Outcome[]> {
    const channel = notifier.channel;
    const outcomes: Outcome[] = [];
    // Batches already formed: a retry that fell due, or a send cut short by a crash (lease expired).
    for (const b of await store.batches.dueBatches(channel, nowMs)) {
      if (await store.batches.reclaim(b, nowMs + deps.leaseMs)) {
        outcomes.push(await sendBatch(notifier, { ...b, attempts: b.attempts + 1, status: 'sending' }, nowMs));
      }
    }
    for (let i = 0; i < (channels.includes(channel) ? MAX_NEW_BATCHES_PER_PASS : 0); i += 1) {
      const due = (await store.batches.dueKinds(channel, nowMs))[0];
      if (due === undefined) break;
      const claims = await store.batches.claimsSince(channel, Math.min(nowMs, due.dueMs) - CAP_WINDOW_MS);
      if (!capAllows(claims, grouping.maxPerHourPerChannel, nowMs)) break; // they wait, pending, for the next slot
      // Held by the cap: when they fell due, the channel had no slot left.
      const held = nextAllowedAtMs(claims, grouping.maxPerHourPerChannel, due.dueMs) > due.dueMs;
      const batch = await store.batches.claimNew(channel, due.kind, {
        nowMs,
        leaseUntilMs: nowMs + deps.leaseMs,
        ...(held ? { heldSinceMs: due.dueMs } : {}),
      });
      if (batch === undefined) break;
      outcomes.push(await sendBatch(notifier, batch, nowMs));
    }
    return outcomes;
  }

  return {
    /** The channels sent by batch (excluded from the one-by-one path). */
    channels,
    /** When a new notice's deliveries on the grouping channels fall due. */
    holdUntil(nowMs: number): Record<string, number> {
      return Object.fromEntries(channels.map((c) => [c, nowMs + grouping.delayMs]));
    },
    /** One pass at `nowMs` over the channels that group (channels concurrently, batches of one channel in turn). */
    async dispatchOnce(nowMs: number): Promise<Outcome[]> {
      return (await Promise.all(resumable.map((n) => dispatchChannel(n, nowMs)))).flat();
    },
  };
}
