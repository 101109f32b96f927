// The dashboards Vigie ships, each with the file it is written to under grafana/dashboards/.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildParcScribe } from './parc-scribe.ts';
import { buildQuotasKoxo } from './quotas-koxo.ts';
import { buildServeurScribe } from './serveur-scribe.ts';

export interface DashboardEntry {
  /** File name under grafana/dashboards/. */
  file: string;
  build: () => Dashboard;
}

export const DASHBOARDS: readonly DashboardEntry[] = [
  { file: 'parc-scribe.json', build: buildParcScribe },
  { file: 'serveur-scribe.json', build: buildServeurScribe },
  { file: 'quotas-koxo.json', build: buildQuotasKoxo },
];

/** The exact text committed for a dashboard (2-space JSON and a final newline). */
export function renderDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
