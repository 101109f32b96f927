import { describe, expect, it } from 'vitest';
import { renderBarChartSvg } from '../../../../collector/html/svg/bar-chart-svg.ts';
import { localMidnights } from '../../../../collector/html/svg/day-ticks.ts';
import { TIMELINE_COLOURS, TIMELINE_KINDS, TIMELINE_LABELS } from '../../../../collector/html/svg/timeline-kinds.ts';
import { renderTimelineSvg, rowRuns, truncateLabel, type TimelineRow } from '../../../../collector/html/svg/timeline-svg.ts';
import { findAll, parseXml, textOf } from '../../../helpers/xml-tree.ts';

const H = 3_600_000;
const START = Date.parse('2025-07-04T22:00:00Z'); // 05/07 00:00 in Paris
const WINDOW = { startMs: START, endMs: START + 10 * 24 * H, timeZone: 'Europe/Paris', nowMs: START + 5 * 24 * H };

function row(label: string, outages: Array<[startH: number, endH: number, kind: 'power_loss' | 'shutdown' | 'network' | 'site']> = []): TimelineRow {
  return {
    label,
    title: `${label} (complet)`,
    segments: [
      { startMs: START, endMs: START + 2 * H, kind: 'not_monitored' },
      { startMs: START + 2 * H, endMs: START + 5 * 24 * H, kind: 'online' },
      ...outages.map(([a, b, kind]) => ({ startMs: START + a * H, endMs: START + b * H, kind, title: `${kind} ${a}-${b}` })),
    ],
  };
}

const FORBIDDEN = /<script|<foreignObject|href=|url\(|@import|https?:\/\/|<image/i;

describe('renderTimelineSvg', () => {
  it('draws one row per server with coloured segments, day ticks, a now line and a legend, as valid XML', () => {
    // Arrange
    const rows = [row('0860021F scribe — Collège Jean Moulin', [[30, 34, 'power_loss'], [50, 51, 'shutdown']]), row('0170001J amon', [[60, 62, 'network']])];

    // Act
    const svg = renderTimelineSvg(rows, WINDOW, { title: 'Chronologie « Bascule 2025 »', id: 'tl' });
    const tree = parseXml(svg);

    // Assert
    expect(tree.name).toBe('svg');
    expect(tree.attrs['role']).toBe('img');
    expect(tree.attrs['aria-labelledby']).toBe('tl-title tl-desc');
    expect(tree.attrs['font-family']).toBe('sans-serif');
    expect(textOf(findAll(tree, 'title')[0]!)).toBe('Chronologie « Bascule 2025 »');
    expect(findAll(tree, 'desc')).toHaveLength(1);
    expect(findAll(tree, 'g').filter((g) => g.attrs['class'] === 'row')).toHaveLength(2);
    const fills = new Set(findAll(tree, 'rect').map((r) => r.attrs['fill']));
    for (const kind of ['online', 'not_monitored', 'power_loss', 'shutdown', 'network'] as const) expect(fills).toContain(TIMELINE_COLOURS[kind]);
    const legend = findAll(tree, 'g').find((g) => g.attrs['class'] === 'legend')!;
    expect(findAll(legend, 'text').map(textOf)).toEqual(TIMELINE_KINDS.map((k) => TIMELINE_LABELS[k]));
    const dayLabels = findAll(tree, 'text').map(textOf).filter((t) => /^\d\d\/\d\d$/.test(t));
    expect(dayLabels[0]).toBe('05/07');
    expect(dayLabels).toContain('14/07');
    expect(findAll(tree, 'line').some((l) => l.children.some((c) => typeof c !== 'string' && textOf(c) === 'Maintenant'))).toBe(true);
    expect(svg).toContain('<title>power_loss 30-34</title>');
    expect(svg).not.toMatch(FORBIDDEN);
  });

  it('escapes every text and truncates long labels, the full one in a tooltip', () => {
    const label = 'Collège <b>Cassignol</b> & "fils" — un nom très long qui dépasse la place prévue';
    const svg = renderTimelineSvg([row(label)], WINDOW, { title: 'A & <B>', id: 'x"y' });
    const tree = parseXml(svg);
    expect(svg).not.toContain('<b>');
    const rowText = findAll(tree, 'text').find((t) => textOf(t).startsWith(`${label} (complet)`))!;
    expect(textOf(rowText)).toBe(`${label} (complet)${truncateLabel(label)}`);
    expect(truncateLabel(label)).toHaveLength(36);
    expect(truncateLabel(label).endsWith('…')).toBe(true);
    expect(textOf(findAll(tree, 'title')[0]!)).toBe('A & <B>');
    expect(tree.attrs['aria-labelledby']).toBe('x"y-title x"y-desc');
  });

  it('caps the rows and says how many are left out; the size stays bounded whatever the outages', () => {
    // Arrange: 500 servers with 400 short outages each
    const many = Array.from({ length: 500 }, (_, i) => row(`server ${i}`, Array.from({ length: 400 }, (_, k) => [k * 0.25, k * 0.25 + 0.1, 'power_loss'] as [number, number, 'power_loss'])));

    // Act
    const svg = renderTimelineSvg(many, WINDOW, { title: 't', id: 't', maxRows: 60 });

    // Assert
    const tree = parseXml(svg);
    expect(findAll(tree, 'g').filter((g) => g.attrs['class'] === 'row')).toHaveLength(60);
    expect(svg).toContain('… et 440 autres serveurs');
    expect(svg.length).toBeLessThan(500_000);
    for (const r of findAll(tree, 'g').filter((g) => g.attrs['class'] === 'row')) expect(findAll(r, 'rect').length).toBeLessThanOrEqual(121);
  });

  it('says so when there is no server', () => {
    expect(textOf(parseXml(renderTimelineSvg([], WINDOW, { title: 't', id: 't' })))).toContain('Aucun serveur dans la période.');
  });
});

describe('rowRuns', () => {
  it('merges adjacent pixels of one kind, lets an outage win over the base state and keeps it at least one pixel wide', () => {
    const w = { startMs: 0, endMs: 1000, timeZone: 'UTC' };
    const runs = rowRuns([{ startMs: 0, endMs: 1000, kind: 'online' }, { startMs: 500, endMs: 500.1, kind: 'power_loss' }], w, 100);
    expect(runs.map((r) => [r.x0, r.x1, r.kind])).toEqual([[0, 50, 'online'], [50, 51, 'power_loss'], [51, 100, 'online']]);
    expect(rowRuns([{ startMs: -50, endMs: 2000, kind: 'site' }], w, 10)).toEqual([{ x0: 0, x1: 10, kind: 'site', title: undefined }]);
    expect(rowRuns([{ startMs: 2000, endMs: 3000, kind: 'site' }], w, 10)).toEqual([]);
  });
});

describe('localMidnights', () => {
  it('lists the local midnights of the zone across a daylight-saving change', () => {
    const ticks = localMidnights(Date.parse('2025-10-24T22:00:00Z'), Date.parse('2025-10-27T22:00:00Z'), 'Europe/Paris');
    expect(ticks.map((t) => [new Date(t.ms).toISOString(), t.label])).toEqual([
      ['2025-10-24T22:00:00.000Z', '25/10'],
      ['2025-10-25T22:00:00.000Z', '26/10'],
      ['2025-10-26T23:00:00.000Z', '27/10'],
    ]);
  });
});

describe('renderBarChartSvg', () => {
  it('draws bars proportional to the values with their labels, escaped, as valid XML without script', () => {
    const svg = renderBarChartSvg([
      { label: 'Espaces perso', value: 200, valueLabel: '200 Mo', colour: '#1f4e79' },
      { label: 'Classes & <options>', value: 100, valueLabel: '100 Mo', colour: '#3a7d44' },
      { label: 'Recyclage', value: 0, valueLabel: '0 o', colour: '#8a939d' },
    ], { title: 'Espace par type', id: 'q' });
    const tree = parseXml(svg);
    expect(tree.attrs['role']).toBe('img');
    const widths = findAll(tree, 'rect').map((r) => Number(r.attrs['width']));
    expect(widths[0]).toBeCloseTo(2 * widths[1]!, 5);
    expect(widths[2]).toBe(0);
    expect(findAll(tree, 'text').map(textOf)).toEqual(['Espaces perso', '200 Mo', 'Classes & <options>', '100 Mo', 'Recyclage', '0 o']);
    expect(svg).not.toMatch(FORBIDDEN);
    expect(textOf(findAll(tree, 'desc')[0]!)).toBe('Espaces perso : 200 Mo ; Classes & <options> : 100 Mo ; Recyclage : 0 o');
  });

  it('draws no bar when every value is zero', () => {
    const tree = parseXml(renderBarChartSvg([{ label: 'a', value: 0, valueLabel: '0 o', colour: '#000' }], { title: 't', id: 't' }));
    expect(findAll(tree, 'rect').map((r) => r.attrs['width'])).toEqual(['0']);
  });
});
