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
 * Stores a heartbeat as the server's latest.
 * 1. A resend of the last heartbeat, or one older than it (a retry arriving late), is acknowledged as
 *    `duplicate` and changes nothing, so last-seen never moves backwards.
 * 2. Otherwise the server's last-seen (collector time) and last heartbeat are written in one transaction.
 */
export function ingestHeartbeat(deps: IngestHeartbeatDeps, server: ServerRow, hb: Heartbeat, now: Date): IngestOutcome {
  return deps.store.transaction(() => {
    const last = deps.store.servers.lastHeartbeatCursor(server.id);
    if (last?.messageId === hb.messageId) return 'duplicate';
    if (last?.sentAtMs != null && Date.parse(hb.sentAt) < last.sentAtMs) return 'duplicate';
    deps.store.servers.recordHeartbeat(server.id, hb, now.getTime());
    livenessOnHeartbeat({ store: deps.store, settings: deps.liveness }, server.id, hb, now.getTime());
    upsOnHeartbeat({ store: deps.store, settings: deps.liveness }, server.id, hb.ups, now.getTime());
    return 'accepted';
  });
}
