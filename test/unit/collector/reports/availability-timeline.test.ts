import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../../../collector/domain/maintenance-windows.ts';
import { TIMELINE_COLOURS } from '../../../../collector/html/svg/timeline-kinds.ts';
import { renderAvailabilityHtml } from '../../../../collector/reports/availability-html.ts';
import { buildAvailabilityReport } from '../../../../collector/reports/availability-report.ts';
import type { AvailabilityServerInput } from '../../../../collector/reports/availability-report-types.ts';
import { timelineRows, timelineWindow } from '../../../../collector/reports/availability-timeline.ts';
import { findAll, parseXml } from '../../../helpers/xml-tree.ts';

const ms = (iso: string): number => Date.parse(iso);
const WINDOW: MaintenanceWindow = { name: 'Bascule 2025', from: '2025-07-05', to: '2025-09-12', timeZone: 'Europe/Paris', exceptions: [] };
const server: AvailabilityServerInput = {
  uai: '0860021F', machine: 'scribe', schoolName: 'Collège <Jean> "Moulin"', academie: 'ac-poitiers',
  enrolledAtMs: ms('2025-06-01T00:00:00Z'), retiredAtMs: null, firstSeenAtMs: ms('2025-07-06T10:00:00Z'), state: 'offline',
  outages: [
    { startedAtMs: ms('2025-07-14T08:00:00Z'), endedAtMs: ms('2025-07-14T09:30:00Z'), cause: 'power_loss', provisional: false, rebooted: true },
    { startedAtMs: ms('2025-08-01T06:00:00Z'), endedAtMs: ms('2025-08-01T07:00:00Z'), cause: 'network', provisional: false, rebooted: false },
    { startedAtMs: ms('2025-09-10T06:00:00Z'), endedAtMs: null, cause: 'power_loss', provisional: true, rebooted: null },
  ],
};
const report = buildAvailabilityReport({
  window: WINDOW, explicit: false, uai: null, now: new Date('2025-09-10T12:00:00Z'),
  servers: [{ ...server, uai: '0170001J', schoolName: 'Collège Loti', state: 'online', outages: [], firstSeenAtMs: server.enrolledAtMs }, server],
  silences: [],
});

describe('availability timeline', () => {
  it('splits each covered period into not monitored, reachable and its outages, worst server first', () => {
    const rows = timelineRows(report.servers);
    expect(rows.map((r) => r.label)).toEqual(['0860021F scribe — Collège <Jean> "Moulin"', '0170001J scribe — Collège Loti']);
    const [worst] = rows;
    expect(worst!.segments.map((s) => [new Date(s.startMs).toISOString(), new Date(s.endMs).toISOString(), s.kind])).toEqual([
      ['2025-07-04T22:00:00.000Z', '2025-07-06T10:00:00.000Z', 'not_monitored'],
      ['2025-07-06T10:00:00.000Z', '2025-09-10T12:00:00.000Z', 'online'],
      ['2025-07-14T08:00:00.000Z', '2025-07-14T09:30:00.000Z', 'power_loss'],
      ['2025-08-01T06:00:00.000Z', '2025-08-01T07:00:00.000Z', 'network'],
      ['2025-09-10T06:00:00.000Z', '2025-09-10T12:00:00.000Z', 'power_loss'],
    ]);
    expect(worst!.segments[2]!.title).toBe('Coupure de courant ou plantage : 14/07/2025 10:00 → 14/07/2025 11:30 (1 h 30 min)');
    expect(worst!.segments[4]!.title).toBe('Coupure de courant ou plantage (provisoire) : 10/09/2025 08:00 → en cours (6 h)');
    expect(timelineWindow(report)).toEqual({ startMs: ms('2025-07-04T22:00:00Z'), endMs: ms('2025-09-12T22:00:00Z'), timeZone: 'Europe/Paris', nowMs: ms('2025-09-10T12:00:00Z') });
  });

  it('is drawn in the HTML report as one valid inline SVG, before the tables', () => {
    const html = renderAvailabilityHtml(report);
    const svg = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(html)![0];
    const tree = parseXml(svg);
    expect(findAll(tree, 'g').filter((g) => g.attrs['class'] === 'row')).toHaveLength(2);
    expect(findAll(tree, 'rect').some((r) => r.attrs['fill'] === TIMELINE_COLOURS.network)).toBe(true);
    expect(html.indexOf('<svg')).toBeLessThan(html.indexOf('<h2>Par établissement</h2>'));
    expect(html).not.toMatch(/<script|https?:\/\//i);
  });
});
