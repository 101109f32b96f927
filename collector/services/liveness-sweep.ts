/**
 * The sweep, run every second by the liveness loop (and directly by tests with a FakeClock):
 * 1. servers retired or reinstated in the servers table get their liveness transition;
 * 2. records whose stored deadline is due move online → late → offline (compare-and-set; history first);
 * 3. a school whose servers are all offline at once gets its outages re-labelled `site`;
 * 4. open outages whose notice deadline is due are reviewed by the alert policy (down notice, reminder, or
 *    the next instant to look again).
 * It never sends anything itself: the dispatcher drains the outbox.
 */
import { withStartupGrace } from '../domain/deadlines.ts';
import { onDeadline, onReinstate, onRetire } from '../domain/liveness-machine.ts';
import { isSiteWide } from '../domain/outage-cause.ts';
import { applyLivenessStep } from './apply-liveness-step.ts';
import type { LivenessDeps } from './liveness-deps.ts';
import { reviewOpenOutage } from './notice-planner.ts';

/** How long a row whose processing threw is left alone. */
const RETRY_BAD_ROW_MS = 60_000;
/** Rows per transaction, and batches per sweep at most. */
const BATCH = 500;
const MAX_BATCHES = 20;

export interface SweepResult {
  readonly transitions: number;
  readonly reviewed: number;
  /** Rows that threw (each is skipped, the others go on; the loop logs them). */
  readonly errors: readonly { readonly serverId: number; readonly error: string }[];
}

export function createLivenessSweep(deps: LivenessDeps) {
  const { store } = deps;
  let errors: { serverId: number; error: string }[] = [];

  /**
   * Runs one row's work; a row that throws is reported, pushed back by a minute (`recover`, healthchecks'
   * crash-loop guard) and skipped, so it cannot wedge the sweep.
   */
  async function guarded(serverId: number, fn: () => Promise<void>, recover: () => Promise<unknown> = async () => {}): Promise<void> {
    try {
      await fn();
    } catch (err) {
      errors.push({ serverId, error: (err as Error).message });
      try {
        await recover();
      } catch {
        // the report above is what matters
      }
    }
  }

  /**
   * Processes due rows in batches: one transaction (one commit) per batch, each row in its own savepoint (a
   * nested transaction), so a throwing row rolls back alone. Fetches again while batches come
   * back full, up to MAX_BATCHES per sweep (a whole académie going dark is handled in one sweep).
   */
  async function inBatches<T>(fetch: () => Promise<T[]>, each: (row: T) => Promise<void>): Promise<void> {
    for (let i = 0; i < MAX_BATCHES; i += 1) {
      const rows = await fetch();
      await store.transaction(async () => {
        for (const row of rows) await each(row);
      });
      if (rows.length < BATCH) return;
    }
  }

  async function retirements(nowMs: number): Promise<number> {
    let n = 0;
    for (const row of await store.liveness.listRetirementChanges()) {
      await guarded(row.serverId, () => store.transaction(async () => {
        const open = (await store.liveness.openOutage(row.serverId)) ?? null;
        const step = row.retiredAtMs !== null ? onRetire(row, open, nowMs) : onReinstate(row, nowMs);
        if ((await applyLivenessStep(deps, row, step, nowMs)) && step.transition !== null) n += 1;
      }));
    }
    return n;
  }

  async function deadlines(nowMs: number): Promise<{ n: number; uais: Set<string> }> {
    let n = 0;
    const uais = new Set<string>();
    await inBatches(
      () => store.liveness.listDue(nowMs, BATCH),
      (row) =>
        guarded(row.serverId, () => store.transaction(async () => {
          const step = onDeadline(row, nowMs);
          if (!(await applyLivenessStep(deps, row, step, nowMs)) || step.transition === null) return;
          n += 1;
          if (step.record.state === 'offline') uais.add(row.uai);
        }), () => store.liveness.postponeDeadlines(row.serverId, nowMs + RETRY_BAD_ROW_MS)),
    );
    return { n, uais };
  }

  async function siteWide(uais: Set<string>): Promise<void> {
    for (const uai of uais) {
      await store.transaction(async () => {
        const servers = await store.liveness.listByUai(uai);
        if (!isSiteWide(servers.map((s) => s.state))) return;
        for (const s of servers) {
          const open = await store.liveness.openOutage(s.serverId);
          if (open !== undefined && open.cause !== 'shutdown' && open.cause !== 'site') await store.liveness.relabelOutage(open.id, 'site', true);
        }
      });
    }
  }

  async function notices(nowMs: number): Promise<number> {
    let n = 0;
    await inBatches(() => store.liveness.listNoticeDue(nowMs, BATCH), async (outage) => {
      await guarded(outage.serverId, () => store.transaction(async () => {
        const server = await store.liveness.get(outage.serverId);
        const fresh = await store.liveness.outage(outage.id);
        if (server === undefined || fresh === undefined || fresh.endedAtMs !== null) return;
        if (fresh.nextNoticeAtMs === null || fresh.nextNoticeAtMs > nowMs) return; // reviewed meanwhile
        if (server.state === 'retired') {
          await store.liveness.setNoticeState(fresh.id, { nextNoticeAtMs: null });
          return;
        }
        await reviewOpenOutage(deps, fresh, server, nowMs);
        n += 1;
      }), () => store.liveness.setNoticeState(outage.id, { nextNoticeAtMs: nowMs + RETRY_BAD_ROW_MS }));
    });
    return n;
  }

  return {
    /** One pass at `now` (read once by the caller). */
    async sweepOnce(now: Date): Promise<SweepResult> {
      const nowMs = now.getTime();
      errors = [];
      const retired = await retirements(nowMs);
      const due = await deadlines(nowMs);
      await siteWide(due.uais);
      const reviewed = await notices(nowMs);
      return { transitions: retired + due.n, reviewed, errors };
    },

    /**
     * Collector start-up grace: pushes every online/late server's deadlines to one full offline delay after
     * `startedAt`, so heartbeats lost while the collector was down do not make anyone offline. Returns how many
     * records were pushed.
     */
    async applyStartupGrace(startedAt: Date): Promise<number> {
      const startedAtMs = startedAt.getTime();
      let n = 0;
      await store.transaction(async () => {
        for (const row of await store.liveness.list()) {
          const graced = withStartupGrace(row, startedAtMs, deps.settings.deadlines);
          if (graced !== row && (await store.liveness.update(row, graced))) n += 1;
        }
      });
      return n;
    },
  };
}
export type LivenessSweep = ReturnType<typeof createLivenessSweep>;
