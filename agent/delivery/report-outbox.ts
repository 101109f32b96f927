import type { Logger } from 'pino';
import type { Report } from '../../shared/protocol/index.ts';
import type { SendResult, Sender } from './sender.ts';

/**
 * Delivers scan reports and keeps the latest undelivered one for a later try (the collector answers
 * `duplicate` if a resend arrives twice, by messageId). A newer report replaces an older pending one:
 * only the latest figures matter, and memory stays bounded to one report.
 */
export interface ReportOutbox {
  deliver(report: Report): Promise<SendResult>;
  /** Tries the pending report again, if any; never runs two tries at once. */
  retryPending(): Promise<void>;
  hasPending(): boolean;
}

export function createReportOutbox(deps: { sender: Sender; logger: Logger }): ReportOutbox {
  const log = deps.logger.child({ component: 'reports' });
  let pending: Report | undefined;
  let trying: Promise<void> | undefined;

  async function send(report: Report): Promise<SendResult> {
    const res = await deps.sender.send('report', report);
    if (res.status === 'sent') {
      log.info({ messageId: report.messageId, outcome: res.outcome }, 'report delivered');
      if (pending?.messageId === report.messageId) pending = undefined;
    } else if (res.status === 'retryable') {
      if (pending === undefined || Date.parse(pending.finishedAt) <= Date.parse(report.finishedAt)) pending = report;
      log.warn({ messageId: report.messageId, error: res.error }, 'report not delivered, kept for a later try');
    } else {
      if (pending?.messageId === report.messageId) pending = undefined;
      log.error({ messageId: report.messageId, code: res.code, message: res.message }, 'report rejected by the collector');
    }
    return res;
  }

  return {
    deliver: send,
    async retryPending() {
      if (pending === undefined || trying !== undefined) return;
      trying = send(pending).then(
        () => undefined,
        (err: unknown) => log.error({ err }, 'report retry failed'),
      );
      await trying;
      trying = undefined;
    },
    hasPending: () => pending !== undefined,
  };
}
