import type { Store } from '../storage/store.ts';

/** Ids of reports and events are kept this long for duplicate detection; resends come within hours, not weeks. */
export const RECEIVED_IDS_RETENTION_MS = 30 * 86_400_000;

/** One housekeeping pass: forgets old message ids. Returns how many rows went. */
export function housekeepOnce(store: Store, now: Date): number {
  return store.servers.pruneReceived(now.getTime() - RECEIVED_IDS_RETENTION_MS);
}
