import type { Report } from '../../shared/protocol/index.ts';
import { storedProbes } from '../metrics/probe-aggregates.ts';
import { aggregateReport } from '../metrics/quota-aggregates.ts';
import { addDays, parisDay } from '../reports/paris-day.ts';
import type { Store } from '../storage/store.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import type { IngestOutcome } from './ingest-heartbeat.ts';

export interface IngestReportDeps {
  readonly store: Store;
  readonly config: { readonly reports: { readonly snapshotRetentionDays: number } };
}

/**
 * Stores a nightly report, all in one transaction, before it is acknowledged:
 * 1. A report whose messageId was already stored is a `duplicate`: nothing changes.
 * 2. Its order key is min(finishedAt, now): a spooled report resent days later keeps its own date, and an
 *    agent clock running ahead cannot make an old report look newer than the next ones.
 * 3. It becomes the server's latest unless a newer one is already stored (ties: the last received wins); its
 *    probes' failure streaks continue those of the latest it replaces (scribe_probe_consecutive_failures).
 * 4. It becomes the snapshot of its Europe/Paris day unless that day already has a newer one, and unless
 *    the day is already past the retention window.
 * 5. Snapshots older than the retention window are pruned (the latest never is); the report's id stays in
 *    received_messages as long as snapshots live (services/housekeeping.ts).
 */
export async function ingestReport(deps: IngestReportDeps, server: ServerRow, report: Report, now: Date): Promise<IngestOutcome> {
  const { store } = deps;
  const nowMs = now.getTime();
  const retentionDays = deps.config.reports.snapshotRetentionDays;
  return store.transaction(async (): Promise<IngestOutcome> => {
    if (!(await store.servers.markReceived(report.messageId, server.id, 'report', nowMs))) return 'duplicate';

    const finishedAtMs = Date.parse(report.finishedAt);
    const orderAtMs = Math.min(finishedAtMs, nowMs);
    const day = parisDay(new Date(orderAtMs));
    const latest = await store.reports.latestOrderAtMs(server.id);
    const becomesLatest = latest === undefined || orderAtMs >= latest;
    const previousProbes = becomesLatest ? storedProbes(await store.reports.latestAggregatesJson(server.id)) : [];
    const record = {
      serverId: server.id,
      messageId: report.messageId,
      finishedAtMs,
      receivedAtMs: nowMs,
      orderAtMs,
      day,
      report,
      aggregatesJson: JSON.stringify(aggregateReport(report, previousProbes)),
    };
    if (becomesLatest) await store.reports.putLatest(record);

    const oldestKept = addDays(parisDay(now), -retentionDays);
    const snapshot = await store.reports.snapshotOrderAtMs(server.id, day);
    if (day >= oldestKept && (snapshot === undefined || orderAtMs >= snapshot)) await store.reports.putSnapshot(record);

    await store.reports.pruneSnapshotsBefore(oldestKept);
    return 'accepted';
  });
}
