import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildQuotaReport } from '../../../../collector/reports/quota-report.ts';
import { renderQuotaJson } from '../../../../collector/reports/quota-json.ts';
import { buildReport, quotaUser, space } from '../../../helpers/report-builder.ts';

const MIB = 1024 * 1024;
const GENERATED_AT = new Date('2025-07-10T08:00:00Z');
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'quota-report.json');

function schoolReport() {
  return buildReport({ uai: '0860021F', machine: 'scribe' });
}

describe('buildQuotaReport', () => {
  it('lists users over hard first, then in grace, then by quota used', () => {
    // Arrange / Act
    const report = buildQuotaReport({ uai: '0860021F', generatedAt: GENERATED_AT, since: null, servers: [{ uai: '0860021F', server: 'scribe', report: schoolReport() }] });
    // Assert
    expect(report.users.map((u) => [u.login, u.status])).toEqual([
      ['cpetit', 'over_hard'],
      ['bmartin', 'over_soft'],
      ['prof.durand', 'ok'],
      ['aduval', 'ok'],
    ]);
  });

  it('gives quota used / limit / ratio, perso size, files and the share older than 3 years', () => {
    const report = buildQuotaReport({ uai: '0860021F', generatedAt: GENERATED_AT, since: null, servers: [{ uai: '0860021F', server: 'scribe', report: schoolReport() }] });
    const bmartin = report.users.find((u) => u.login === 'bmartin');
    expect(bmartin).toMatchObject({
      profile: 'eleve',
      quotaUsedBytes: 210 * MIB,
      quotaLimitBytes: 200 * MIB,
      persoBytes: 190 * MIB,
      persoFiles: 50,
      graceEndsAt: '2025-07-15T10:00:00.000Z',
    });
    expect(bmartin?.quotaUsedRatio).toBeCloseTo(1.05, 10);
    expect(bmartin?.persoOlderThan3yRatio).toBeCloseTo(0.5, 6);
    const teacher = report.users.find((u) => u.login === 'prof.durand');
    expect(teacher).toMatchObject({ quotaLimitBytes: null, quotaUsedRatio: null, profile: 'enseignant' });
  });

  it('keeps users seen only in the spaces as not measured, after the over-quota ones', () => {
    const r = buildReport({
      users: [quotaUser('zed', { usedMiB: 300, limitMiB: 100, status: 'over_hard' })],
      spaces: [space('perso', 'zed'), space('perso', 'noquota', { apparentMiB: 900 })],
    });
    const report = buildQuotaReport({ uai: null, generatedAt: GENERATED_AT, since: null, servers: [{ uai: '0860021F', server: 'scribe', report: r }] });
    expect(report.users.map((u) => [u.login, u.status, u.quotaUsedBytes])).toEqual([
      ['zed', 'over_hard', 300 * MIB],
      ['noquota', 'not_measured', null],
    ]);
  });

  it('reports every user as not measured when quotas are not enabled', () => {
    const r = buildReport({ quotaStatus: 'not_enabled' });
    const report = buildQuotaReport({ uai: '0860021F', generatedAt: GENERATED_AT, since: null, servers: [{ uai: '0860021F', server: 'scribe', report: r }] });
    expect(new Set(report.users.map((u) => u.status))).toEqual(new Set(['not_measured']));
    expect(report.servers[0]?.quotaStatus).toBe('not_enabled');
    expect(report.fleet.quotaUsedBytes).toBe(0);
  });

  it('sums the volume to migrate without mailboxes nor recyclage, each nested byte once', () => {
    const report = buildQuotaReport({ uai: '0860021F', generatedAt: GENERATED_AT, since: null, servers: [{ uai: '0860021F', server: 'scribe', report: schoolReport() }] });
    const school = report.schools[0];
    // persos 50+190+180+1200; shares 300+40+800 (commun includes its travail 100); mail 30 + recyclage 70 excluded
    expect(school).toMatchObject({ uai: '0860021F', servers: 1, users: 4, usersOverHard: 1, usersOverSoft: 1 });
    expect(school?.persoBytes).toBe(1620 * MIB);
    expect(school?.sharesBytes).toBe(1140 * MIB);
    expect(school?.excludedBytes).toBe(100 * MIB);
    expect(school?.toMigrateBytes).toBe(2760 * MIB);
    expect(school?.olderThan3yBytes).toBe(95 * MIB + 300 * MIB);
    expect(report.fleet.toMigrateBytes).toBe(school?.toMigrateBytes);
  });

  it('measures growth against each server\'s baseline snapshot', () => {
    const baseline = buildReport({
      finishedAt: '2025-06-01T02:30:00.000Z',
      users: [quotaUser('bmartin', { usedMiB: 150 }), quotaUser('cpetit', { usedMiB: 200 })],
      spaces: [space('perso', 'bmartin', { apparentMiB: 100 }), space('commun', 'commun', { apparentMiB: 700 })],
    });
    const report = buildQuotaReport({
      uai: '0860021F', generatedAt: GENERATED_AT, since: '2025-06-01',
      servers: [{ uai: '0860021F', server: 'scribe', report: schoolReport(), baseline: { day: '2025-06-01', report: baseline } }],
    });
    const bmartin = report.users.find((u) => u.login === 'bmartin');
    expect(bmartin?.quotaGrowthBytes).toBe(60 * MIB);
    expect(bmartin?.persoGrowthBytes).toBe(90 * MIB);
    expect(report.users.find((u) => u.login === 'aduval')?.quotaGrowthBytes).toBe(60 * MIB); // new since then
    expect(report.fleet.quotaUsedGrowthBytes).toBe((60 + 210 + 200 + 1500 - 350) * MIB);
    expect(report.fleet.toMigrateGrowthBytes).toBe((2760 - 800) * MIB);
    expect(report.servers[0]?.baselineDay).toBe('2025-06-01');
    expect(report.largestSpaces.find((s) => s.kind === 'commun')?.growthBytes).toBe(100 * MIB);
  });

  it('has no growth figures without a baseline', () => {
    const report = buildQuotaReport({ uai: '0860021F', generatedAt: GENERATED_AT, since: '2025-06-01', servers: [{ uai: '0860021F', server: 'scribe', report: schoolReport() }] });
    expect(report.users.every((u) => u.quotaGrowthBytes === null && u.persoGrowthBytes === null)).toBe(true);
    expect(report.fleet.toMigrateGrowthBytes).toBeNull();
  });

  it('covers the fleet: schools in UAI order, totals summed, largest spaces across servers', () => {
    const a = buildReport({ uai: '0861234X', machine: 'scribe', spaces: [space('commun', 'commun', { apparentMiB: 5000 })], users: [] });
    const b = schoolReport();
    const report = buildQuotaReport({
      uai: null, generatedAt: GENERATED_AT, since: null, largestSpacesLimit: 3,
      servers: [
        { uai: '0861234X', server: 'scribe', report: a, schoolName: 'Lycée Camille Guérin' },
        { uai: '0860021F', server: 'scribe', report: b, schoolName: 'Collège Jean Moulin' },
      ],
    });
    expect(report.schools.map((s) => [s.uai, s.schoolName])).toEqual([['0860021F', 'Collège Jean Moulin'], ['0861234X', 'Lycée Camille Guérin']]);
    expect(report.fleet.servers).toBe(2);
    expect(report.fleet.toMigrateBytes).toBe((2760 + 5000) * MIB);
    expect(report.largestSpaces.map((s) => [s.uai, s.name])).toEqual([['0861234X', 'commun'], ['0860021F', 'prof.durand'], ['0860021F', 'commun']]);
  });

  it('matches the golden JSON (UPDATE_GOLDEN=1 rewrites it)', () => {
    const baseline = buildReport({ finishedAt: '2025-06-01T02:30:00.000Z', users: [quotaUser('bmartin', { usedMiB: 150 })], spaces: [space('perso', 'bmartin', { apparentMiB: 100 })] });
    const json = renderQuotaJson(buildQuotaReport({
      uai: '0860021F', generatedAt: GENERATED_AT, since: '2025-06-01',
      servers: [{ uai: '0860021F', server: 'scribe', schoolName: 'Collège Jean Moulin', report: schoolReport(), baseline: { day: '2025-06-01', report: baseline } }],
    }));
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, json);
    }
    expect(json).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
