import type { Report } from '../../shared/protocol/index.ts';
import type { Store } from '../storage/store.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import type { IngestOutcome } from './ingest-heartbeat.ts';

export interface IngestReportDeps {
  readonly store: Store;
}

/** Records a report's id (a resend is a duplicate). Storage of its content is added by the reports concern. */
export function ingestReport(deps: IngestReportDeps, server: ServerRow, report: Report, now: Date): IngestOutcome {
  return deps.store.transaction(() =>
    deps.store.servers.markReceived(report.messageId, server.id, 'report', now.getTime()) ? 'accepted' : 'duplicate',
  );
}
