import type { Store } from '../storage/store.ts';

const DAY_MS = 86_400_000;
/** Ids of events are kept this long for duplicate detection; resends come within hours, not weeks. */
export const RECEIVED_IDS_RETENTION_MS = 30 * DAY_MS;

/**
 * One housekeeping pass: forgets old message ids. Report ids are kept as long as report snapshots
 * (`reports.snapshotRetentionDays` + 1 day, at least the event retention), so a report resent at any time
 * its snapshot could still be replaced is answered `duplicate`. Returns how many rows went.
 */
export async function housekeepOnce(store: Store, now: Date, reports: { readonly snapshotRetentionDays: number }): Promise<number> {
  const nowMs = now.getTime();
  const reportRetentionMs = Math.max(RECEIVED_IDS_RETENTION_MS, (reports.snapshotRetentionDays + 1) * DAY_MS);
  return store.servers.pruneReceived({ reportsBeforeMs: nowMs - reportRetentionMs, othersBeforeMs: nowMs - RECEIVED_IDS_RETENTION_MS });
}
