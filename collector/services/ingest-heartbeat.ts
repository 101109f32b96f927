import type { Heartbeat } from '../../shared/protocol/index.ts';
import type { Store } from '../storage/store.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import type { LivenessSettings } from '../config/liveness-config.ts';
import { livenessOnHeartbeat } from './liveness-ingest.ts';
import { upsOnHeartbeat } from './ups-ingest.ts';

export type IngestOutcome = 'accepted' | 'duplicate';

export interface IngestHeartbeatDeps {
  readonly store: Store;
  /** Derived once from the configuration (never per heartbeat). */
  readonly liveness: LivenessSettings;
}

/**
 * How much older than the last heartbeat a late retry can be: heartbeats are never spooled, so a late one is
 * at most a request timeout (≤ 2 min) behind. A heartbeat older than that by the agent's clock is not a
 * retry but a clock set back (NTP correcting a server that was ahead): it is taken, or the server would look
 * silent until its clock caught up.
 */
export const LATE_RETRY_WINDOW_MS = 10 * 60_000;


/**
 * Stores a heartbeat as the server's latest.
 * 1. A resend of the last heartbeat, or one up to {@link LATE_RETRY_WINDOW_MS} older than it (a retry arriving
 *    late), is acknowledged as `duplicate` and changes nothing. Last-seen is the collector's time, so it never
 *    moves backwards whatever the agent's clock says.
 * 2. Otherwise the server's last-seen (collector time) and last heartbeat are written in one transaction.
 */
export async function ingestHeartbeat(deps: IngestHeartbeatDeps, server: ServerRow, hb: Heartbeat, now: Date): Promise<IngestOutcome> {
  return deps.store.transaction(async (): Promise<IngestOutcome> => {
    if (!(await deps.store.servers.recordHeartbeat(server.id, hb, now.getTime(), LATE_RETRY_WINDOW_MS))) return 'duplicate';
    await livenessOnHeartbeat({ store: deps.store, settings: deps.liveness }, server.id, hb, now.getTime());
    await upsOnHeartbeat({ store: deps.store, settings: deps.liveness }, server.id, hb.ups, now.getTime());
    return 'accepted';
  });
}
