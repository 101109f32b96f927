import type { Event } from '../../shared/protocol/index.ts';
import type { Store } from '../storage/store.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import type { IngestOutcome } from './ingest-heartbeat.ts';

export interface IngestEventDeps {
  readonly store: Store;
}

/** Records an event's id (a resend is a duplicate). The liveness concern acts on startup/shutdown. */
export function ingestEvent(deps: IngestEventDeps, server: ServerRow, event: Event, now: Date): IngestOutcome {
  return deps.store.transaction(() =>
    deps.store.servers.markReceived(event.messageId, server.id, 'event', now.getTime()) ? 'accepted' : 'duplicate',
  );
}
