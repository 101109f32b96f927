import type { Event } from '../../shared/protocol/index.ts';
import type { LivenessSettings } from '../config/liveness-config.ts';
import type { Store } from '../storage/store.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import type { IngestOutcome } from './ingest-heartbeat.ts';
import { livenessOnEvent } from './liveness-ingest.ts';

export interface IngestEventDeps {
  readonly store: Store;
  /** Derived once from the configuration (never per event). */
  readonly liveness: LivenessSettings;
}

/**
 * Records a life-cycle event in one transaction:
 * 1. a resend (same `messageId`) is acknowledged as `duplicate` and changes nothing;
 * 2. `startup` is a sign of life (back online, boot time compared with the last one known);
 * 3. `shutdown` announces the outage: state `shutdown`, outage with cause `shutdown` (notified only if the
 *    server is still off one offline delay later).
 */
export async function ingestEvent(deps: IngestEventDeps, server: ServerRow, event: Event, now: Date): Promise<IngestOutcome> {
  return deps.store.transaction(async (): Promise<IngestOutcome> => {
    if (!(await deps.store.servers.markReceived(event.messageId, server.id, 'event', now.getTime()))) return 'duplicate';
    await livenessOnEvent({ store: deps.store, settings: deps.liveness }, server.id, event, now.getTime());
    return 'accepted';
  });
}
