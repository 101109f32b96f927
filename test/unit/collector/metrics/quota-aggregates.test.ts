import { describe, expect, it } from 'vitest';
import { aggregateReport, isCurrentAggregates, MAX_STORED_TOP_USERS } from '../../../../collector/metrics/quota-aggregates.ts';
import { buildReport, quotaUser, space } from '../../../helpers/report-builder.ts';

const MIB = 1024 * 1024;

describe('aggregateReport', () => {
  it('sums quota usage and limits per profile, counts users per status', () => {
    const a = aggregateReport(buildReport({
      users: [
        quotaUser('a', { usedMiB: 10, limitMiB: 100 }),
        quotaUser('b', { usedMiB: 150, limitMiB: 100, status: 'over_soft' }),
        quotaUser('t', { usedMiB: 500, limitMiB: null, profile: 'enseignant' }),
        quotaUser('#1001', { usedMiB: 1, profile: undefined }),
      ],
    }));
    expect(a.quota).toEqual({
      usedBytesByProfile: { eleve: 160 * MIB, enseignant: 500 * MIB, administratif: 0, autre: 1 * MIB },
      limitBytesByProfile: { eleve: 200 * MIB, enseignant: 0, administratif: 0, autre: 200 * MIB },
      usersByStatus: { ok: 3, over_soft: 1, over_hard: 0 },
    });
    expect(a.topUsers.map((u) => u.login)).toEqual(['t', 'b', 'a', '#1001']);
  });

  it('merges a user present on two quota filesystems', () => {
    const r = buildReport({ users: [quotaUser('a', { usedMiB: 10 })] });
    r.quota!.filesystems.push({ device: '/dev/sdb1', users: [quotaUser('a', { usedMiB: 5, status: 'over_hard' })] });
    const a = aggregateReport(r);
    expect(a.quota?.usersByStatus).toEqual({ ok: 0, over_soft: 0, over_hard: 1 });
    expect(a.topUsers).toEqual([{ login: 'a', profile: 'eleve', usedBytes: 15 * MIB }]);
  });

  it('sums spaces per kind (allocated bytes, files, apparent bytes by age)', () => {
    const a = aggregateReport(buildReport({ spaces: [space('perso', 'a', { apparentMiB: 4, gt3yShare: 0.5 }), space('perso', 'b', { apparentMiB: 2 })] }));
    expect(a.spaces).toEqual({ perso: { allocatedBytes: 6 * MIB, files: 100, ageBytes: { lt1y: 4 * MIB, y1to3: 0, gt3y: 2 * MIB } } });
  });

  it('gives scan timing and partial flag, and no quota figures when quotas are off', () => {
    const a = aggregateReport(buildReport({ finishedAt: '2025-07-10T02:30:00.000Z', scanDurationMs: 1500, quotaStatus: 'not_enabled', spaces: [space('commun', 'commun', { truncated: true })] }));
    expect(a).toMatchObject({ finishedAtSeconds: 1752114600, scanDurationSeconds: 1.5, partial: true, quota: null, topUsers: [] });
  });

  it(`keeps at most ${MAX_STORED_TOP_USERS} top users`, () => {
    const users = Array.from({ length: 150 }, (_, i) => quotaUser(`u${i}`, { usedMiB: i }));
    expect(aggregateReport(buildReport({ users })).topUsers).toHaveLength(MAX_STORED_TOP_USERS);
  });

  it('recognises only the current version', () => {
    expect(isCurrentAggregates(aggregateReport(buildReport()))).toBe(true);
    expect(isCurrentAggregates({ version: 0 })).toBe(false);
    expect(isCurrentAggregates(null)).toBe(false);
  });
});
