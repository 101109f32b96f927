import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../../../collector/domain/maintenance-windows.ts';
import { renderAvailabilityCsv } from '../../../../collector/reports/availability-csv.ts';
import { renderAvailabilityHtml } from '../../../../collector/reports/availability-html.ts';
import { renderAvailabilityJson } from '../../../../collector/reports/availability-json.ts';
import { DateTime } from 'luxon';
import { createLocalDateTimeFormatter } from '../../../../collector/presentation/local-date-time.ts';
import { buildAvailabilityReport } from '../../../../collector/reports/availability-report.ts';
import type { AvailabilityServerInput } from '../../../../collector/reports/availability-report-types.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';

const ms = (iso: string): number => new Date(iso).getTime();
const WINDOW: MaintenanceWindow = { name: 'Bascule 2025', from: '2025-07-05', to: '2025-09-12', timeZone: 'Europe/Paris', exceptions: [] };
const base: AvailabilityServerInput = {
  uai: '0860021F', machine: 'scribe', schoolName: 'Collège <Jean> "Moulin"; & co', academie: 'ac-poitiers',
  enrolledAtMs: ms('2025-06-01T00:00:00Z'), retiredAtMs: null, firstSeenAtMs: ms('2025-06-01T00:00:00Z'), state: 'offline',
  outages: [
    { startedAtMs: ms('2025-07-14T08:00:00Z'), endedAtMs: ms('2025-07-14T09:30:00Z'), cause: 'power_loss', provisional: false, rebooted: true },
    { startedAtMs: ms('2025-09-10T06:00:00Z'), endedAtMs: null, cause: 'power_loss', provisional: true, rebooted: null },
  ],
};
const now = new FakeClock('2025-09-10T12:00:00Z');
const report = buildAvailabilityReport({
  window: WINDOW, explicit: false, uai: null, now: now.now(),
  servers: [base, { ...base, uai: '0170001J', machine: 'scribe', schoolName: '=HYPERLINK("x")', state: 'online', outages: [] }],
  silences: [],
});

describe('CSV', () => {
  const csv = renderAvailabilityCsv(report, 'servers');
  const lines = csv.slice(1).split('\r\n');
  it('UTF-8 BOM, `;` separator, CRLF, French decimals, quoted and formula-guarded text', () => {
    expect(csv.startsWith('\ufeffUAI;Établissement;Serveur;')).toBe(true);
    expect(lines[1]).toContain('"Collège <Jean> ""Moulin""; & co"');
    expect(lines[1]).toMatch(/;7,5;/); // 1 h 30 + 6 h unreachable
    expect(lines[2]).toContain(`'=HYPERLINK(""x"")`);
    expect(lines[1]).toContain(';05/07/2025 00:00;10/09/2025 14:00;Europe/Paris;');
  });
  it('outages section: local times, « en cours » for an open outage', () => {
    const out = renderAvailabilityCsv(report, 'outages').slice(1).split('\r\n');
    expect(out).toHaveLength(4);
    expect(out[1]).toContain(';14/07/2025 10:00;14/07/2025 11:30;Europe/Paris;1,5;');
    expect(out[2]).toContain(';10/09/2025 08:00;en cours;Europe/Paris;6;');
  });
  it('schools section: one line per school', () => {
    expect(renderAvailabilityCsv(report, 'schools').slice(1).split('\r\n')).toHaveLength(4);
  });
});

describe('HTML', () => {
  const html = renderAvailabilityHtml(report);
  it('French, self-contained, escaped', () => {
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Rapport de disponibilité — période de maintenance estivale</h1>');
    expect(html).toContain('Collège &lt;Jean&gt; &quot;Moulin&quot;; &amp; co');
    expect(html).not.toContain('<Jean>');
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import|https?:\/\//i);
    expect(html).toContain('<h2>Méthode de calcul</h2>');
    expect(html).toContain('<strong>en cours</strong>');
    expect(html).toContain('Période « Bascule 2025 » du 05/07/2025 au 12/09/2025 inclus (Europe/Paris)');
  });
});

describe('JSON', () => {
  it('is the model', () => {
    expect(JSON.parse(renderAvailabilityJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe('local date-time formatter', () => {
  // Every 7 minutes across DST changes: Paris (1 h at 01:00Z), Lord Howe (30 min shifts), Kathmandu (+05:45),
  // St John's (−03:30), Réunion (no DST). The fast formatter must agree with luxon everywhere.
  it.each([
    ['Europe/Paris', '2025-10-25T20:00:00Z'], ['Europe/Paris', '2026-03-28T20:00:00Z'], ['Australia/Lord_Howe', '2025-10-04T10:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T10:00:00Z'], ['Asia/Kathmandu', '2025-07-01T00:00:00Z'], ['America/St_Johns', '2025-11-02T00:00:00Z'],
    ['Indian/Reunion', '2025-07-01T00:00:00Z'],
  ])('%s around %s', (zone, from) => {
    const format = createLocalDateTimeFormatter();
    const start = Date.parse(from);
    for (let ms = start; ms < start + 12 * 3_600_000; ms += 7 * 60_000 + 13_000) {
      const iso = new Date(ms).toISOString();
      expect(format(iso, zone), iso).toBe(DateTime.fromMillis(ms, { zone }).toFormat('dd/MM/yyyy HH:mm'));
    }
  });
});
