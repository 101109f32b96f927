import { describe, expect, it } from 'vitest';
import { csvText } from '../../../../collector/reports/csv.ts';
import { buildQuotaReport } from '../../../../collector/reports/quota-report.ts';
import { renderQuotaCsv, SCHOOLS_CSV_HEADER, SPACES_CSV_HEADER, USERS_CSV_HEADER } from '../../../../collector/reports/quota-csv.ts';
import { renderQuotaJson } from '../../../../collector/reports/quota-json.ts';
import { STATUS_LABELS, PROFILE_LABELS } from '../../../../collector/reports/labels-fr.ts';
import type { QuotaReport } from '../../../../collector/reports/quota-report-types.ts';
import { buildReport, defaultSpaces, defaultUsers, quotaUser, space } from '../../../helpers/report-builder.ts';
import { frNumber, parseCsv } from '../../../helpers/parse-csv.ts';

const MIB = 1024 * 1024;
const mo = (bytes: number | null) => (bytes === null ? null : Math.round((bytes / MIB) * 100) / 100);
const pct = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);

function sampleReport(): QuotaReport {
  const awkward = [
    quotaUser('=cmd|calc', { usedMiB: 1.234, profile: 'autre' }),
    quotaUser('dupont; "le grand"', { usedMiB: 3.5, limitMiB: 2, status: 'over_hard' }),
    quotaUser('#1001', { usedMiB: 0.5, profile: undefined }),
  ];
  const baseline = buildReport({ finishedAt: '2025-06-01T02:30:00.000Z', users: [quotaUser('aduval', { usedMiB: 70 })] });
  return buildQuotaReport({
    uai: null,
    generatedAt: new Date('2025-07-10T08:00:00Z'),
    since: '2025-06-01',
    largestSpacesLimit: 50,
    servers: [
      { uai: '0860021F', server: 'scribe', schoolName: 'Collège Jean Moulin', report: buildReport({ users: [...defaultUsers(), ...awkward] }), baseline: { day: '2025-06-01', report: baseline } },
      { uai: '0170001J', server: 'scribe2', schoolName: 'Lycée "Les Remparts"; site B', report: buildReport({ uai: '0170001J', machine: 'scribe2', spaces: [...defaultSpaces(), space('autre', 'Données\nnouvelles', { apparentMiB: 12.345 })] }) },
    ],
  });
}

describe('renderQuotaCsv', () => {
  it('starts with a UTF-8 BOM, uses ; and CRLF, and has a fixed header', () => {
    const csv = renderQuotaCsv(sampleReport());
    expect(csv.startsWith('\ufeffUAI;Serveur;Identifiant;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)[0]).toEqual([...USERS_CSV_HEADER]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('parses back into the same users as the JSON, in the same order', () => {
    // Arrange
    const report = sampleReport();
    const json = JSON.parse(renderQuotaJson(report)) as QuotaReport;
    // Act
    const [, ...rows] = parseCsv(renderQuotaCsv(report));
    // Assert
    expect(rows).toHaveLength(json.users.length);
    rows.forEach((row, i) => {
      const u = json.users[i]!;
      const login = row[2]!.startsWith("'=") ? row[2]!.slice(1) : row[2];
      expect({
        uai: row[0], server: row[1], login, profile: row[3], status: row[4],
        used: frNumber(row[5]), limit: frNumber(row[6]), ratio: frNumber(row[7]), perso: frNumber(row[9]),
        files: frNumber(row[10]), old: frNumber(row[11]), growth: frNumber(row[12]), persoGrowth: frNumber(row[13]),
      }).toEqual({
        uai: u.uai, server: u.server, login: u.login, profile: u.profile === null ? '' : PROFILE_LABELS[u.profile], status: STATUS_LABELS[u.status],
        used: mo(u.quotaUsedBytes), limit: mo(u.quotaLimitBytes), ratio: pct(u.quotaUsedRatio), perso: mo(u.persoBytes),
        files: u.persoFiles, old: pct(u.persoOlderThan3yRatio), growth: mo(u.quotaGrowthBytes), persoGrowth: mo(u.persoGrowthBytes),
      });
    });
  });

  it('writes decimals with a comma and the grace end in Paris time', () => {
    const [, ...rows] = parseCsv(renderQuotaCsv(sampleReport()));
    const bmartin = rows.find((r) => r[2] === 'bmartin')!;
    expect(bmartin[5]).toBe('210');
    expect(bmartin[7]).toBe('105');
    expect(bmartin[8]).toBe('15/07/2025 à 12:00');
    expect(rows.find((r) => r[2] === "'=cmd|calc")?.[5]).toBe('1,23');
  });

  it('puts users over quota first', () => {
    const [, ...rows] = parseCsv(renderQuotaCsv(sampleReport()));
    const over = rows.map((r) => r[4] === STATUS_LABELS.over_hard || r[4] === STATUS_LABELS.over_soft);
    expect(over.slice(0, 4)).toEqual([true, true, true, true]);
    expect(over.indexOf(false)).toBe(over.lastIndexOf(true) + 1);
    expect(rows[0]?.[4]).toBe(STATUS_LABELS.over_hard);
  });

  it('matches the JSON totals in the schools section', () => {
    const report = sampleReport();
    const rows = parseCsv(renderQuotaCsv(report, 'schools'));
    expect(rows[0]).toEqual([...SCHOOLS_CSV_HEADER]);
    expect(rows.slice(1).map((r) => [r[0], r[1], frNumber(r[11])])).toEqual(report.schools.map((s) => [s.uai, s.schoolName, mo(s.toMigrateBytes)]));
  });

  it('keeps a line break inside a quoted cell in the spaces section', () => {
    const rows = parseCsv(renderQuotaCsv(sampleReport(), 'spaces'));
    expect(rows[0]).toEqual([...SPACES_CSV_HEADER]);
    expect(rows.some((r) => r[3] === 'Données\nnouvelles')).toBe(true);
  });
});

describe('csvText', () => {
  it.each([
    { input: 'plain', expected: 'plain' },
    { input: 'a;b', expected: '"a;b"' },
    { input: 'say "hi"', expected: '"say ""hi"""' },
    { input: 'two\nlines', expected: '"two\nlines"' },
    { input: ' edge', expected: '" edge"' },
    { input: '=SUM(A1)', expected: "'=SUM(A1)" },
    { input: '+33', expected: "'+33" },
    { input: '-x', expected: "'-x" },
    { input: '@me', expected: "'@me" },
    { input: 'Élève à l\'école', expected: "Élève à l'école" },
  ])('writes $input as $expected', ({ input, expected }) => {
    expect(csvText(input)).toBe(expected);
  });
});
