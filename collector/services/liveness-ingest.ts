/**
 * Liveness side of the ingest routes: a heartbeat or a `startup` event is a sign of life, a `shutdown` event
 * announces an outage. Each runs the pure machine on the freshly read record and writes the step (history
 * first) in the caller's transaction; a lost compare-and-set is retried once on the new row.
 */
import { onShutdown, onSignOfLife, type LivenessStep, type OpenOutage } from '../domain/liveness-machine.ts';
import type { LivenessRow } from '../storage/liveness-repo.ts';
import { applyLivenessStep } from './apply-liveness-step.ts';
import type { LivenessDeps } from './liveness-deps.ts';

async function run(deps: LivenessDeps, serverId: number, nowMs: number, decide: (row: LivenessRow, open: OpenOutage | null) => LivenessStep): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const read = await deps.store.liveness.getWithOpenOutage(serverId);
    if (read === undefined) return;
    const { row } = read;
    const step = decide(row, read.open ?? null);
    if (await applyLivenessStep(deps, row, step, nowMs)) return;
  }
}

/** A heartbeat was accepted at `nowMs`. */
export async function livenessOnHeartbeat(
  deps: LivenessDeps,
  serverId: number,
  hb: { readonly intervalSeconds: number; readonly bootTime: string },
  nowMs: number,
): Promise<void> {
  const bootTimeMs = Date.parse(hb.bootTime);
  await run(deps, serverId, nowMs, (row, open) =>
    onSignOfLife(row, open, { kind: 'heartbeat', nowMs, intervalSeconds: hb.intervalSeconds, bootTimeMs }, deps.settings.deadlines),
  );
}

/** A `startup` or `shutdown` event was accepted at `nowMs`. */
export async function livenessOnEvent(
  deps: LivenessDeps,
  serverId: number,
  event: { readonly type: 'startup' | 'shutdown'; readonly bootTime: string; readonly at: string },
  nowMs: number,
): Promise<void> {
  const bootTimeMs = Date.parse(event.bootTime);
  await run(deps, serverId, nowMs, (row, open) =>
    event.type === 'startup'
      ? onSignOfLife(row, open, { kind: 'startup', nowMs, intervalSeconds: null, bootTimeMs }, deps.settings.deadlines)
      : onShutdown(row, open, { nowMs, bootTimeMs, atMs: Date.parse(event.at) }),
  );
}
