/**
 * Drains the notification outbox (healthchecks' `process_one_flip`): notices are fanned out into one delivery
 * per notifier channel, then each due delivery is claimed (compare-and-set with a lease), sent, and its result
 * recorded. A retryable failure is rescheduled in the database with the notifiers' backoff (or the peer's
 * Retry-After), so retries survive a collector restart; a permanent failure or too many attempts ends it.
 */
import { MAX_ATTEMPTS, type Rng } from '../notifiers/backoff.ts';
import { NO_GROUPING, type GroupingSettings } from '../config/grouping-config.ts';
import { decideOutcome, recordOutcome, sendSafely } from './delivery-outcome.ts';
import { createGroupDispatcher } from './group-dispatcher.ts';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import type { Severity } from '../domain/notice-vocabulary.ts';
import type { Notification, Notifier } from '../notifiers/notifier.ts';
import type { Store } from '../storage/store.ts';
import type { DeliveryRow, NoticeRow } from '../storage/outbox-repo.ts';
import { buildUpsNotification } from './ups-notification.ts';

export interface DispatcherDeps {
  readonly store: Store;
  readonly notifiers: readonly Notifier[];
  /** Collector URL for links (`generatorURL`). */
  readonly publicUrl: string;
  readonly rng: Rng;
  /** How long a claimed delivery stays ours before another dispatcher may take it over. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly log?: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
  /** Grouping of the e-mail and webhook notices (group-dispatcher.ts); off when absent. */
  readonly grouping?: GroupingSettings;
}

export interface DispatchResult {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

/** Deliveries claimed and sent concurrently at once, and batches per pass at most. */
const BATCH = 100;
const MAX_BATCHES = 50;

/** The school's commune from the inventory, when known. */
const communeOf = async (store: Store, uai: string): Promise<{ commune?: string }> => {
  const commune = (await store.schools.get(uai))?.commune;
  return commune === null || commune === undefined ? {} : { commune };
};

/** Builds what a notifier receives from a queued notice (server, outage and the outage's first down notice). */
export async function buildNotification(store: Store, notice: NoticeRow, publicUrl: string): Promise<Notification | undefined> {
  if (notice.outageId === null) return buildUpsNotification(store, notice, publicUrl);
  const server = await store.liveness.get(notice.serverId);
  const outage = await store.liveness.outage(notice.outageId);
  if (server === undefined || outage === undefined) return undefined;
  const base = publicUrl.replace(/\/+$/, '');
  const commune = await communeOf(store, server.uai);
  const firstDown = notice.kind !== 'down' && outage.announcedCause !== null && outage.notifiedSeverity !== null ? await firstDownSeverity(store, outage.id) : undefined;
  return {
    id: String(notice.id),
    alertKey: `${server.uai}/${server.machine}/${outage.startedAtMs}`,
    kind: notice.kind,
    severity: notice.severity,
    server: { uai: server.uai, machine: server.machine, name: server.name, ...(server.academie ? { academie: server.academie } : {}), ...commune },
    state: notice.state,
    cause: notice.cause,
    since: new Date(outage.startedAtMs),
    at: new Date(notice.createdAtMs),
    ...(notice.kind === 'up' && outage.endedAtMs !== null ? { endedAt: new Date(outage.endedAtMs) } : {}),
    ...(notice.windowName !== null && notice.windowEndMs !== null
      ? { window: { name: notice.windowName, endsAt: new Date(notice.windowEndMs), timeZone: notice.windowTimeZone ?? PARIS_TIME_ZONE } }
      : {}),
    generatorUrl: `${base}/api/v1/servers/${encodeURIComponent(server.uai)}/${encodeURIComponent(server.machine)}`,
    ...(outage.causeDetail !== null && notice.cause === 'power_loss' ? { causeDetail: outage.causeDetail } : {}),
    ...(notice.kind !== 'down' && outage.announcedCause !== null && outage.notifiedSeverity !== null
      ? {
          announced: {
            cause: outage.announcedCause,
            severity: firstDown ?? outage.notifiedSeverity,
            ...(outage.announcedWindow !== null ? { windowName: outage.announcedWindow } : {}),
          },
        }
      : {}),
  };
}

async function firstDownSeverity(store: Store, outageId: number): Promise<Severity | undefined> {
  return (await store.outbox.noticesOfOutage(outageId)).find((n) => n.kind === 'down')?.severity;
}

export function createDispatcher(deps: DispatcherDeps) {
  const { store } = deps;
  const leaseMs = deps.leaseMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
  const byChannel = new Map(deps.notifiers.map((n) => [n.channel as string, n]));
  const channels = [...byChannel.keys()];
  const groups = createGroupDispatcher({
    store,
    notifiers: deps.notifiers,
    grouping: deps.grouping ?? NO_GROUPING,
    build: (notice) => buildNotification(store, notice, deps.publicUrl),
    rng: deps.rng,
    leaseMs,
    maxAttempts,
    ...(deps.log ? { log: deps.log } : {}),
  });

  async function deliver(d: DeliveryRow, nowMs: number): Promise<'sent' | 'retried' | 'failed'> {
    const notice = await store.outbox.notice(d.noticeId);
    const notifier = byChannel.get(d.channel);
    const notification = notice && (await buildNotification(store, notice, deps.publicUrl));
    if (notifier === undefined || notification === undefined) {
      await store.outbox.markFailed(d.id, 'failed', notifier === undefined ? `no notifier for channel '${d.channel}'` : 'notice or server vanished');
      return 'failed';
    }
    const result = await sendSafely(() => notifier.send(notification));
    const attempt = d.attempts + 1;
    const outcome = decideOutcome(result, attempt, nowMs, maxAttempts, deps.rng);
    const fields = { channel: d.channel, notice: d.noticeId, kind: notification.kind, attempt };
    return recordOutcome(outcome, fields, deps.log, {
      sent: () => store.outbox.markSent(d.id, nowMs),
      end: (status, error) => store.outbox.markFailed(d.id, status, error),
      retry: (atMs, error) => store.outbox.scheduleRetry(d.id, atMs, error),
    });
  }

  async function sendDueOneByOne(nowMs: number): Promise<('sent' | 'retried' | 'failed')[]> {
    const outcomes: ('sent' | 'retried' | 'failed')[] = [];
    // Batches of BATCH deliveries sent concurrently, again while batches come back full (a whole académie
    // going dark is delivered in one pass, not at BATCH per second).
    for (let i = 0; i < MAX_BATCHES; i += 1) {
      const due = await store.outbox.listDueDeliveries(nowMs, BATCH, groups.channels);
      const claimed: DeliveryRow[] = [];
      for (const d of due) if (await store.outbox.claim(d, nowMs + leaseMs)) claimed.push(d);
      outcomes.push(...(await Promise.all(claimed.map((d) => deliver(d, nowMs)))));
      if (due.length < BATCH) break;
    }
    return outcomes;
  }

  return {
    /** One pass at `now`: fan out new notices, then send every due delivery (concurrently). */
    async dispatchOnce(now: Date): Promise<DispatchResult> {
      const nowMs = now.getTime();
      await store.transaction(async () => {
        for (const n of await store.outbox.listUnfanned()) await store.outbox.fanOut(n.id, channels, nowMs, groups.holdUntil(nowMs));
      });
      // The grouping channels go by batch, alongside the one-by-one sends of the other channels.
      const [single, grouped] = await Promise.all([sendDueOneByOne(nowMs), groups.dispatchOnce(nowMs)]);
      const outcomes = [...single, ...grouped];
      return {
        sent: outcomes.filter((o) => o === 'sent').length,
        retried: outcomes.filter((o) => o === 'retried').length,
        failed: outcomes.filter((o) => o === 'failed').length,
      };
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;
