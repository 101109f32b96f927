// Whole-document goldens of the renderers (UPDATE_GOLDEN=1 rewrites them; review the diff).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildQuotaReport } from '../../../../collector/reports/quota-report.ts';
import { renderQuotaCsv } from '../../../../collector/reports/quota-csv.ts';
import { renderQuotaHtml } from '../../../../collector/reports/quota-html.ts';
import { buildReport, quotaUser, space } from '../../../helpers/report-builder.ts';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function fleetReport() {
  const baseline = buildReport({ finishedAt: '2025-06-01T02:30:00.000Z', users: [quotaUser('bmartin', { usedMiB: 150 }), quotaUser('cpetit', { usedMiB: 250 })], spaces: [space('perso', 'bmartin', { apparentMiB: 100 }), space('commun', 'commun', { apparentMiB: 900 })] });
  return buildQuotaReport({
    uai: null,
    generatedAt: new Date('2025-07-10T08:00:00Z'),
    since: '2025-06-01',
    largestSpacesLimit: 6,
    servers: [
      { uai: '0860021F', server: 'scribe', schoolName: 'Collège Jean Moulin', report: buildReport(), baseline: { day: '2025-06-01', report: baseline } },
      { uai: '0170001J', server: 'scribe', schoolName: 'Lycée "Les Remparts"; site B', report: buildReport({ uai: '0170001J', partial: true, quotaStatus: 'not_enabled' }) },
    ],
  });
}

function matchGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('quota report goldens', () => {
  it.each(['users', 'schools', 'spaces'] as const)('renders the %s CSV as the golden file', (section) => {
    matchGolden(`quota-report-${section}.csv`, renderQuotaCsv(fleetReport(), section));
  });

  it('renders the HTML page as the golden file', () => {
    matchGolden('quota-report.html', renderQuotaHtml(fleetReport()));
  });
});
