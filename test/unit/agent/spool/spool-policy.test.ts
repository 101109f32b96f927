import { describe, expect, it } from 'vitest';
import { nextSeq, parseSpoolFileName, planAdmission, sendingOrder, spoolFileName, type SpoolEntry } from '../../../../agent/spool/spool-policy.ts';

const e = (seq: number, kind: 'event' | 'report', bytes: number): SpoolEntry => ({ seq, kind, messageId: `id-${seq}`, bytes });

describe('spool file names', () => {
  it('round-trips and sorts in sending order', () => {
    const name = spoolFileName({ seq: 42, kind: 'report', messageId: '0f1e2d3c-aaaa-bbbb-cccc-001122334455' });
    expect(name).toBe('000000000042-report-0f1e2d3c-aaaa-bbbb-cccc-001122334455.json');
    expect(parseSpoolFileName(name, 10)).toEqual({ seq: 42, kind: 'report', messageId: '0f1e2d3c-aaaa-bbbb-cccc-001122334455', bytes: 10 });
    expect(spoolFileName({ seq: 9, kind: 'event', messageId: 'a' }) < spoolFileName({ seq: 10, kind: 'event', messageId: 'a' })).toBe(true);
  });

  it.each(['notes.txt', '12-heartbeat-abc.json', 'x-event-abc.json', '12-event-.json', '12-event-abc.json.tmp'])('rejects %s', (name) => {
    expect(parseSpoolFileName(name, 1)).toBeUndefined();
  });

  it('orders oldest first and continues the sequence', () => {
    expect(sendingOrder([e(3, 'event', 1), e(1, 'report', 1), e(2, 'event', 1)]).map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(nextSeq([])).toBe(1);
    expect(nextSeq([e(7, 'event', 1), e(3, 'report', 1)])).toBe(8);
  });
});

describe('planAdmission', () => {
  const bounds = { maxBytes: 100, maxMessages: 3 };
  it.each<[string, SpoolEntry[], number, { admit: boolean; evict: number[] }]>([
    ['room for it', [e(1, 'event', 10)], 10, { admit: true, evict: [] }],
    ['count bound: the oldest report goes, not the older event', [e(1, 'event', 1), e(2, 'report', 1), e(3, 'report', 1)], 1, { admit: true, evict: [2] }],
    ['byte bound: as many reports as needed, oldest first', [e(1, 'report', 40), e(2, 'event', 10), e(3, 'report', 40)], 60, { admit: true, evict: [1, 3] }],
    ['only events left: the oldest event goes', [e(1, 'event', 1), e(2, 'event', 1), e(3, 'event', 1)], 1, { admit: true, evict: [1] }],
    ['reports first, then events', [e(1, 'event', 30), e(2, 'report', 30), e(3, 'event', 30)], 90, { admit: true, evict: [2, 1, 3] }],
    ['larger than the whole spool: dropped, nothing evicted', [e(1, 'report', 1)], 101, { admit: false, evict: [] }],
  ])('%s', (_name, entries, bytes, expected) => {
    const plan = planAdmission(entries, { bytes }, bounds);
    expect({ admit: plan.admit, evict: plan.evict.map((x) => x.seq) }).toEqual(expected);
  });
});
