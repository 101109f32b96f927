import { describe, expect, it } from 'vitest';
import { aggregateProbes, storedProbes, type ProbeAggregate } from '../../../../collector/metrics/probe-aggregates.ts';
import { buildReport } from '../../../helpers/report-builder.ts';

const failing = buildReport({ quotaStatus: 'error', scanDurationMs: 2500 }); // quota failed, spaces ok
const streak = (probes: ProbeAggregate[]) => probes.map((p) => [p.probe, p.ok, p.consecutiveFailures]);

describe('aggregateProbes', () => {
  it.each<[string, ProbeAggregate[], Array<[string, boolean, number]>]>([
    ['first report', [], [['quota', false, 1], ['spaces', true, 0]]],
    ['second failure in a row', [{ probe: 'quota', ok: false, durationSeconds: 1, consecutiveFailures: 1 }], [['quota', false, 2], ['spaces', true, 0]]],
    ['a success ends the streak', [{ probe: 'spaces', ok: false, durationSeconds: 1, consecutiveFailures: 4 }], [['quota', false, 1], ['spaces', true, 0]]],
  ])('%s', (_name, previous, want) => {
    expect(streak(aggregateProbes(failing, previous))).toEqual(want);
  });

  it('gives durations in seconds', () => {
    expect(aggregateProbes(failing, []).map((p) => p.durationSeconds)).toEqual([0.12, 2.5]);
  });
});

describe('storedProbes', () => {
  it.each<[string, string | undefined, number]>([
    ['no latest report yet', undefined, 0],
    ['aggregates of a version without probes', '{"version":1}', 0],
    ['current aggregates', JSON.stringify({ version: 2, probes: [{ probe: 'quota', ok: false, durationSeconds: 1, consecutiveFailures: 3 }, { junk: 1 }] }), 1],
  ])('%s', (_name, json, count) => {
    expect(storedProbes(json)).toHaveLength(count);
  });
});
