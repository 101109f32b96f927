// Reads back every PromQL expression of a dashboard JSON (panel targets and template variables), for checks.

/** One PromQL expression found in a dashboard. */
export interface FoundQuery {
  dashboard: string;
  /** Panel title, or `$name` for a template variable. */
  where: string;
  expr: string;
}

interface JsonPanel {
  title?: string;
  type?: string;
  panels?: JsonPanel[];
  targets?: Array<{ expr?: string }>;
}

interface JsonDashboard {
  title?: string;
  panels?: JsonPanel[];
  templating?: { list?: Array<{ name?: string; type?: string; query?: unknown }> };
}

/** Every panel of a dashboard, the ones inside collapsed rows included (rows themselves excluded). */
export function allPanels(dashboardJson: object): JsonPanel[] {
  const dashboard = dashboardJson as JsonDashboard;
  const out: JsonPanel[] = [];
  for (const panel of dashboard.panels ?? []) {
    if (panel.type === 'row') out.push(...(panel.panels ?? []));
    else out.push(panel);
  }
  return out;
}

/** Panel target expressions, then `label_values(...)` queries of the query variables. */
export function extractQueries(dashboardJson: object): FoundQuery[] {
  const dashboard = dashboardJson as JsonDashboard;
  const name = dashboard.title ?? '?';
  const found: FoundQuery[] = [];
  for (const panel of allPanels(dashboard)) {
    for (const target of panel.targets ?? []) {
      if (typeof target.expr === 'string') found.push({ dashboard: name, where: panel.title ?? '?', expr: target.expr });
    }
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type === 'query' && typeof variable.query === 'string') {
      found.push({ dashboard: name, where: `$${variable.name ?? '?'}`, expr: variable.query });
    }
  }
  return found;
}

/** `label_values(selector, label)` → its parts, or undefined for any other variable query. */
export function parseLabelValues(query: string): { selector: string; label: string } | undefined {
  const m = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/s.exec(query.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { selector: m[1].trim(), label: m[2] };
}

/**
 * Replaces Grafana's variables and macros in an expression. `values` maps a variable name to its text
 * (already a regex for multi-value variables); the range macros get fixed durations.
 */
export function substituteVariables(expr: string, values: Record<string, string>, ranges: { range: string; rate: string }): string {
  return expr
    .replaceAll('$__rate_interval', ranges.rate)
    .replaceAll('$__interval', ranges.rate)
    .replaceAll('$__range', ranges.range)
    .replace(/\$\{?([a-zA-Z_][a-zA-Z0-9_]*)\}?/g, (whole, varName: string) => values[varName] ?? whole);
}
