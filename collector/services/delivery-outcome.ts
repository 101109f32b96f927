/**
 * What the dispatcher does with a notifier's answer, for a single delivery as for a batch: record it as sent,
 * end it (permanent failure, or too many attempts), or store the next attempt (backoff or the peer's
 * Retry-After). The decision is pure, apart from the injected jitter.
 */
import { retryDelayMs, shouldGiveUp, type Rng } from '../notifiers/backoff.ts';
import type { NotifyResult } from '../notifiers/notifier.ts';

export type DeliveryOutcome =
  | { readonly action: 'sent' }
  | { readonly action: 'end'; readonly status: 'failed' | 'abandoned'; readonly error: string }
  | { readonly action: 'retry'; readonly atMs: number; readonly error: string };

/** The outcome of attempt number `attempt` (1-based) answered by `result` at `nowMs`. */
export function decideOutcome(result: NotifyResult, attempt: number, nowMs: number, maxAttempts: number, rng: Rng): DeliveryOutcome {
  if (result.status === 'sent') return { action: 'sent' };
  if (result.status === 'failed') return { action: 'end', status: 'failed', error: result.error };
  if (shouldGiveUp(attempt, maxAttempts)) return { action: 'end', status: 'abandoned', error: result.error };
  return { action: 'retry', atMs: nowMs + retryDelayMs(result, attempt, rng), error: result.error };
}

/** Calls a notifier; a notifier that throws (it should not) counts as a retryable failure. */
export async function sendSafely(send: () => Promise<NotifyResult>): Promise<NotifyResult> {
  try {
    return await send();
  } catch (err) {
    return { status: 'retryable', error: `notifier threw: ${(err as Error).message}` };
  }
}

/** How one outcome is stored (a delivery row, or a batch and its deliveries). */
export interface OutcomeRecorder {
  sent(): Promise<unknown>;
  end(status: 'failed' | 'abandoned', error: string): Promise<unknown>;
  retry(atMs: number, error: string): Promise<unknown>;
}

export type DispatchLog = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;

/** Stores `outcome` through `record`, logs it, and says how it ended. */
export async function recordOutcome(
  outcome: DeliveryOutcome,
  fields: Record<string, unknown>,
  log: DispatchLog | undefined,
  record: OutcomeRecorder,
): Promise<'sent' | 'retried' | 'failed'> {
  switch (outcome.action) {
    case 'sent':
      await record.sent();
      log?.('info', 'notification sent', fields);
      return 'sent';
    case 'end':
      await record.end(outcome.status, outcome.error);
      log?.('warn', 'notification failed', { ...fields, error: outcome.error });
      return 'failed';
    case 'retry':
      await record.retry(outcome.atMs, outcome.error);
      log?.('warn', 'notification will be retried', { ...fields, nextAttemptAt: new Date(outcome.atMs).toISOString(), error: outcome.error });
      return 'retried';
  }
}
