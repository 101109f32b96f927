// Last touches on a built dashboard: stable panel ids (Grafana needs them unique for links and "view panel").
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

function isRow(panel: Panel | RowPanel): panel is RowPanel {
  return panel.type === 'row';
}

/** Numbers every panel (rows included) in reading order, from 1. */
export function assignPanelIds(dashboard: Dashboard): Dashboard {
  let next = 1;
  for (const panel of dashboard.panels ?? []) {
    panel.id = next++;
    if (isRow(panel)) {
      for (const inner of panel.panels) inner.id = next++;
    }
  }
  return dashboard;
}
