// The quota report's chart « Espace par type » (pure): perso, classes, other shares, recyclage, mailboxes, and
// the part older than 3 years (already counted in the others), as an inline SVG bar chart.
import { renderBarChartSvg, type Bar } from '../html/svg/bar-chart-svg.ts';
import { formatBytesFr } from '../presentation/numbers-fr.ts';
import type { QuotaReport } from './quota-report-types.ts';

export const QUOTA_CHART_STYLE = `
svg.bar-chart { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
`;

/** The bars, in the order of the chart. */
export function spaceTypeBars(report: Pick<QuotaReport, 'spaceTypes' | 'fleet'>): Bar[] {
  const t = report.spaceTypes;
  const bar = (label: string, value: number, colour: string): Bar => ({ label, value, valueLabel: formatBytesFr(value), colour });
  return [
    bar('Espaces personnels (perso)', t.perso, '#1f4e79'),
    bar('Classes et options', t.classes, '#3a7d44'),
    bar('Autres partages (commun, profs…)', t.shares, '#5b8fc7'),
    bar('Recyclage', t.recyclage, '#8a939d'),
    bar('Messagerie', t.mail, '#b0b7bf'),
    bar('Dont plus de 3 ans (à trier)', report.fleet.olderThan3yBytes, '#d98e04'),
  ];
}

export function renderSpaceTypeChart(report: Pick<QuotaReport, 'spaceTypes' | 'fleet'>): string {
  return renderBarChartSvg(spaceTypeBars(report), { id: 'espace-par-type', title: 'Espace occupé par type' });
}
