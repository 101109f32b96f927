import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createReportOutbox } from '../../../../agent/delivery/report-outbox.ts';
import type { MessageKind, SendResult, Sender } from '../../../../agent/delivery/sender.ts';
import { aMinimalReport } from '../../../../shared/testing/messages.ts';

class ScriptedSender implements Sender {
  readonly sent: string[] = [];
  constructor(public answer: SendResult) {}
  async send(_kind: MessageKind, body: unknown): Promise<SendResult> {
    this.sent.push((body as { messageId: string }).messageId);
    return this.answer;
  }
}
const logger = pino({ level: 'silent' });

describe('createReportOutbox', () => {
  it('keeps an undelivered report and sends it again when the collector is reachable', async () => {
    const sender = new ScriptedSender({ status: 'retryable', error: 'ECONNREFUSED' });
    const outbox = createReportOutbox({ sender, logger });
    const report = aMinimalReport();
    await outbox.deliver(report);
    expect(outbox.hasPending()).toBe(true);
    await outbox.retryPending(); // still down
    expect(outbox.hasPending()).toBe(true);
    sender.answer = { status: 'sent', outcome: 'accepted' };
    await outbox.retryPending();
    expect(outbox.hasPending()).toBe(false);
    expect(sender.sent).toEqual([report.messageId, report.messageId, report.messageId]);
    await outbox.retryPending(); // nothing left
    expect(sender.sent).toHaveLength(3);
  });

  it('keeps only the newest undelivered report', async () => {
    const sender = new ScriptedSender({ status: 'retryable', error: 'timeout' });
    const outbox = createReportOutbox({ sender, logger });
    const older = aMinimalReport({ finishedAt: '2025-07-09T02:34:00.000Z' });
    const newer = aMinimalReport({ finishedAt: '2025-07-10T02:34:00.000Z' });
    await outbox.deliver(newer);
    await outbox.deliver(older);
    sender.answer = { status: 'sent', outcome: 'accepted' };
    await outbox.retryPending();
    expect(sender.sent.at(-1)).toBe(newer.messageId);
  });

  it('drops a report the collector rejects (resending it would fail the same way)', async () => {
    const sender = new ScriptedSender({ status: 'rejected', httpStatus: 400, code: 'ERR_REQUEST_INVALID', message: 'body/x' });
    const outbox = createReportOutbox({ sender, logger });
    await outbox.deliver(aMinimalReport());
    expect(outbox.hasPending()).toBe(false);
  });
});
