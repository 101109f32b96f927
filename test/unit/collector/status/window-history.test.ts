import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../../../collector/domain/maintenance-windows.ts';
import { buildAvailabilityReport } from '../../../../collector/reports/availability-report.ts';
import type { AvailabilityServerInput } from '../../../../collector/reports/availability-report-types.ts';
import { focusWindows } from '../../../../collector/status/window-focus.ts';
import { renderWindowBanner, renderWindowHistory } from '../../../../collector/status/window-history-html.ts';
import { buildWindowHistoryView, MAX_INCIDENTS } from '../../../../collector/status/window-history-view.ts';
import { findAll, parseXml } from '../../../helpers/xml-tree.ts';

const ms = (iso: string): number => Date.parse(iso);
const W2025: MaintenanceWindow = { name: 'Bascule 2025', from: '2025-07-05', to: '2025-09-12', timeZone: 'Europe/Paris', exceptions: [] };
const W2026: MaintenanceWindow = { name: 'Bascule 2026', from: '2026-07-04', to: '2026-09-11', timeZone: 'Europe/Paris', exceptions: [{ uai: '0860022G', exclude: true }] };
const WINDOWS = [W2025, W2026];

function server(uai: string, outages: AvailabilityServerInput['outages']): AvailabilityServerInput {
  return {
    uai, machine: 'scribe', schoolName: `Collège <${uai}>`, academie: 'ac-poitiers', enrolledAtMs: ms('2025-06-01T00:00:00Z'),
    retiredAtMs: null, firstSeenAtMs: ms('2025-06-01T00:00:00Z'), state: 'online', outages,
  };
}

describe('focusWindows', () => {
  it('banner: the window in progress, else the next, else the last; history: in progress, else the last started', () => {
    const during = focusWindows(WINDOWS, null, ms('2025-08-01T10:00:00Z'));
    expect([during.banner?.window.name, during.banner?.status, during.history?.window.name]).toEqual(['Bascule 2025', 'in_progress', 'Bascule 2025']);
    const between = focusWindows(WINDOWS, null, ms('2026-06-22T10:00:00Z'));
    expect([between.banner?.window.name, between.banner?.status, between.history?.window.name, between.history?.status]).toEqual(['Bascule 2026', 'not_started', 'Bascule 2025', 'over']);
    const before = focusWindows(WINDOWS, null, ms('2025-01-01T10:00:00Z'));
    expect([before.banner?.window.name, before.history]).toEqual(['Bascule 2025', null]);
    expect(focusWindows(WINDOWS, '0860022G', ms('2026-07-10T10:00:00Z')).banner?.window.name).toBe('Bascule 2025'); // excluded from 2026
    expect(focusWindows([], null, 0)).toEqual({ banner: null, history: null });
  });
});

describe('window history view', () => {
  it('counts the days before the next window: J-12', () => {
    const now = new Date('2026-06-22T10:00:00Z');
    const view = buildWindowHistoryView(focusWindows(WINDOWS, null, now.getTime()), null, now);
    expect(view.banner).toEqual({
      status: 'not_started',
      title: 'Fenêtre de maintenance « Bascule 2026 » : J-12',
      detail: 'Du 04/07/2026 au 11/09/2026 inclus (Europe/Paris) : elle commence dans 11 j 12 h.',
    });
  });

  it('in progress: the time left, the timeline rows worst first and the incidents most recent first', () => {
    // Arrange
    const now = new Date('2025-09-07T10:00:00Z');
    const report = buildAvailabilityReport({
      window: W2025, explicit: false, uai: null, now, silences: [],
      servers: [
        server('0860021F', [{ startedAtMs: ms('2025-07-14T08:00:00Z'), endedAtMs: ms('2025-07-14T09:30:00Z'), cause: 'power_loss', provisional: false, rebooted: true }]),
        server('0170001J', [{ startedAtMs: ms('2025-09-07T06:00:00Z'), endedAtMs: null, cause: 'power_loss', provisional: true, rebooted: null }]),
        server('0170002K', []),
      ],
    });

    // Act
    const view = buildWindowHistoryView(focusWindows(WINDOWS, null, now.getTime()), report, now);

    // Assert
    expect(view.banner?.title).toBe('Fenêtre de maintenance « Bascule 2025 » : en cours, fin dans 5 j 12 h');
    expect(view.history?.rows.map((r) => r.label.slice(0, 8))).toEqual(['0170001J', '0860021F', '0170002K']);
    expect(view.history?.incidents.map((i) => [i.uai, i.causeLabel, i.start, i.end, i.duration])).toEqual([
      ['0170001J', 'Coupure de courant ou plantage (provisoire)', '08:00', 'en cours', '4 h'],
      ['0860021F', 'Coupure de courant ou plantage', 'le 14/07 à 10:00', 'le 14/07 à 11:30', '1 h 30 min'],
    ]);
    expect(view.history?.summary).toBe('2 interruptions sur 3 serveurs · disponibilité 99,88\u00a0% · sous tension 99,88\u00a0%');

    expect(renderWindowBanner(view)).toContain('<div class="window-banner in_progress"><p class="title">Fenêtre de maintenance « Bascule 2025 » : en cours');
    const html = renderWindowHistory(view);
    expect(html).toContain('<h2>Fenêtre « Bascule 2025 » en cours : chronologie et interruptions</h2>');
    expect(html).toContain('Collège &lt;0170001J&gt;');
    const svg = parseXml(/<svg class="timeline"[\s\S]*?<\/svg>/.exec(html)![0]);
    expect(findAll(svg, 'g').filter((g) => g.attrs['class'] === 'row')).toHaveLength(3);
    expect(html).not.toMatch(/<script|https?:\/\//i);
  });

  it('lists at most the 50 most recent incidents and says where the others are', () => {
    const now = new Date('2025-09-07T10:00:00Z');
    const outages = Array.from({ length: 70 }, (_, i) => ({
      startedAtMs: ms('2025-07-10T00:00:00Z') + i * 3_600_000, endedAtMs: ms('2025-07-10T00:10:00Z') + i * 3_600_000, cause: 'network' as const, provisional: false, rebooted: false,
    }));
    const report = buildAvailabilityReport({ window: W2025, explicit: false, uai: null, now, silences: [], servers: [server('0860021F', outages)] });
    const view = buildWindowHistoryView(focusWindows(WINDOWS, null, now.getTime()), report, now);
    expect(view.history?.incidents).toHaveLength(MAX_INCIDENTS);
    expect(view.history?.incidentCount).toBe(70);
    expect(renderWindowHistory(view)).toContain('Les 50 plus récentes sur 70 : la liste complète est dans le rapport de disponibilité.');
  });

  it('renders nothing without any window', () => {
    expect(renderWindowHistory({ banner: null, history: null })).toBe('');
    expect(renderWindowHistory(undefined)).toBe('');
    expect(renderWindowBanner({ banner: null, history: null })).toBe('');
  });
});
