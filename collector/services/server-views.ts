/**
 * Read models of the liveness state for the API and the CLI: one view per server (state, last seen, current
 * outage and cause, maintenance window, silence). Reads the store, then builds the view.
 */
import type { CauseDetail, LivenessState, OutageCause } from '../domain/liveness-state.ts';
import type { WindowResolver } from '../domain/maintenance-windows.ts';
import { activeSilence } from '../domain/silences.ts';
import type { LivenessRow } from '../storage/liveness-repo.ts';
import type { Store } from '../storage/store.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface ServerView {
  readonly uai: string;
  readonly machine: string;
  readonly name: string;
  readonly academie: string | null;
  readonly state: LivenessState;
  readonly stateSince: string | null;
  readonly lastSeen: string | null;
  readonly heartbeatIntervalSeconds: number | null;
  readonly bootTime: string | null;
  readonly offlineAt: string | null;
  readonly currentOutage: {
    readonly startedAt: string;
    readonly cause: OutageCause;
    /** `ups_exhausted` when the server went silent on UPS battery; null (or absent) otherwise. */
    readonly causeDetail?: CauseDetail | null;
    readonly provisional: boolean;
    readonly notified: boolean;
  } | null;
  readonly window: { readonly name: string; readonly startsAt: string; readonly endsAt: string; readonly timeZone: string } | null;
  readonly silencedUntil: string | null;
}

export async function serverView(store: Store, row: LivenessRow, windows: WindowResolver, nowMs: number): Promise<ServerView> {
  const outage = await store.liveness.openOutage(row.serverId);
  const window = windows.active(row.uai, nowMs);
  const silence = activeSilence(await store.silences.listCurrentForUai(row.uai, nowMs), row, nowMs);
  return {
    uai: row.uai,
    machine: row.machine,
    name: row.name,
    academie: row.academie,
    state: row.state,
    stateSince: iso(row.stateSinceMs),
    lastSeen: iso(row.lastSeenMs),
    heartbeatIntervalSeconds: row.intervalSeconds,
    bootTime: iso(row.bootTimeMs),
    offlineAt: iso(row.offlineAtMs),
    currentOutage:
      outage === undefined
        ? null
        : {
            startedAt: iso(outage.startedAtMs)!, cause: outage.cause, causeDetail: outage.causeDetail, provisional: outage.provisional,
            notified: outage.downNotifiedAtMs !== null,
          },
    window: window === null ? null : { name: window.name, startsAt: iso(window.startMs)!, endsAt: iso(window.endMs)!, timeZone: window.timeZone },
    silencedUntil: iso(silence?.endsAtMs ?? null),
  };
}

/** The detail of one server: its view, its outages and its last transitions. */
export async function serverDetail(store: Store, row: LivenessRow, windows: WindowResolver, nowMs: number) {
  const view = await serverView(store, row, windows, nowMs);
  const outages = await store.liveness.outagesOf(row.serverId);
  const transitions = await store.liveness.transitionsOf(row.serverId);
  return {
    ...view,
    outages: outages.map((o) => ({
      startedAt: iso(o.startedAtMs),
      endedAt: iso(o.endedAtMs),
      cause: o.cause,
      causeDetail: o.causeDetail,
      provisional: o.provisional,
      rebooted: o.rebooted,
      detectedAfterTheFact: o.past,
      notified: o.downNotifiedAtMs !== null,
    })),
    transitions: transitions
      .slice(-100)
      .map((t) => ({ from: t.from, to: t.to, at: iso(t.atMs), reason: t.reason })),
  };
}
