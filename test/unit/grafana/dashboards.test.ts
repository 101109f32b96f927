// Dashboards: committed JSON matches the TypeScript, and every panel follows the packaging rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS, renderDashboard } from '../../../grafana/src/dashboards.ts';
import { allPanels, extractQueries, parseLabelValues, substituteVariables } from '../../../grafana/src/lib/queries.ts';

const DIR = join(import.meta.dirname, '..', '..', '..', 'grafana', 'dashboards');

interface AnyPanel {
  id?: number;
  type?: string;
  title?: string;
  description?: string;
  collapsed?: boolean;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ datasource?: { uid?: string }; expr?: string; refId?: string }>;
  panels?: AnyPanel[];
}

const built = DASHBOARDS.map((entry) => ({ entry, dashboard: entry.build() }));

describe('grafana dashboards', () => {
  it.each(built.map((b) => [b.entry.file, b] as const))('%s: the committed JSON is up to date (npm run build:grafana)', (_file, b) => {
    // Arrange
    const committed = readFileSync(join(DIR, b.entry.file), 'utf8');
    // Act
    const regenerated = renderDashboard(b.dashboard);
    // Assert
    expect(committed).toBe(regenerated);
  });

  it('has stable, unique dashboard uids', () => {
    const uids = built.map((b) => b.dashboard.uid);
    expect(uids).toEqual(['vigie-parc-scribe', 'vigie-serveur-scribe', 'vigie-quotas-koxo']);
    expect(new Set(uids).size).toBe(uids.length);
  });

  describe.each(built.map((b) => [b.dashboard.title ?? '?', b] as const))('%s', (_title, b) => {
    const json = JSON.parse(renderDashboard(b.dashboard)) as {
      panels: AnyPanel[];
      templating: { list: Array<{ name: string; type: string; datasource?: { uid?: string }; query?: unknown }> };
      __inputs?: unknown;
    };
    const text = renderDashboard(b.dashboard);
    const panels = allPanels(json) as AnyPanel[];

    it('has no ${DS_…} import placeholder nor __inputs', () => {
      expect(text).not.toContain('${DS_');
      expect(json.__inputs).toBeUndefined();
    });

    it('declares a datasource-type variable named datasource', () => {
      const ds = json.templating.list.find((v) => v.name === 'datasource');
      expect(ds?.type).toBe('datasource');
      expect(ds?.query).toBe('prometheus');
    });

    it('has a description on every panel', () => {
      const missing = panels.filter((p) => (p.description ?? '').trim().length < 10).map((p) => p.title);
      expect(missing).toEqual([]);
    });

    it('points every panel, target and query variable at ${datasource}', () => {
      for (const p of panels) {
        expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(p.targets?.length ?? 0, p.title).toBeGreaterThan(0);
        for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe('${datasource}');
      }
      for (const v of json.templating.list.filter((x) => x.type === 'query')) expect(v.datasource?.uid).toBe('${datasource}');
    });

    it('gives unique ids to panels and unique refIds within a panel', () => {
      const ids = json.panels.flatMap((p) => [p.id, ...(p.panels ?? []).map((q) => q.id)]);
      expect(ids.every((id) => typeof id === 'number')).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of panels) {
        const refIds = (p.targets ?? []).map((t) => t.refId);
        expect(new Set(refIds).size, p.title).toBe(refIds.length);
      }
    });

    it('starts with a row of headline stats, then only collapsed rows', () => {
      const firstRow = json.panels.findIndex((p) => p.type === 'row');
      expect(firstRow).toBeGreaterThan(0);
      expect(json.panels.slice(0, firstRow).every((p) => p.type === 'stat')).toBe(true);
      const rest = json.panels.slice(firstRow);
      expect(rest.every((p) => p.type === 'row' && p.collapsed === true && (p.panels?.length ?? 0) > 0)).toBe(true);
    });

    it('chains académie → uai → server from scribe_server_info', () => {
      const q = (name: string): string => String(json.templating.list.find((v) => v.name === name)?.query);
      expect(parseLabelValues(q('academie'))).toEqual({ selector: 'scribe_server_info', label: 'academie' });
      expect(parseLabelValues(q('uai'))?.selector).toContain('academie=~"$academie"');
      expect(parseLabelValues(q('server'))?.selector).toContain('uai=~"$uai"');
    });

    it('only uses metrics the collector exposes (names from LAYOUT.md)', () => {
      const known = new Set([
        'scribe_server_info', 'scribe_server_last_seen_timestamp_seconds', 'scribe_server_boot_timestamp_seconds',
        'scribe_server_uptime_seconds', 'scribe_server_heartbeat_interval_seconds', 'scribe_server_clock_skew_seconds', 'scribe_server_load1',
        'scribe_server_load5', 'scribe_server_load15', 'scribe_server_memory_total_bytes',
        'scribe_server_memory_available_bytes', 'scribe_filesystem_size_bytes', 'scribe_filesystem_avail_bytes',
        'vigie_pushes_total', 'vigie_http_request_duration_seconds_bucket', 'vigie_enrolled_servers', 'scribe_server_up',
        'scribe_server_state', 'scribe_maintenance_window_active', 'scribe_maintenance_window_end_timestamp_seconds',
        'scribe_server_outages_total', 'scribe_server_state_since_timestamp_seconds', 'vigie_notifications_total',
        'vigie_notifications_pending', 'scribe_quota_used_bytes', 'scribe_quota_limit_bytes', 'scribe_quota_users',
        'scribe_space_bytes', 'scribe_space_files', 'scribe_space_age_bytes', 'scribe_scan_duration_seconds',
        'scribe_report_timestamp_seconds', 'scribe_scan_partial', 'scribe_quota_top_user_used_bytes', 'scribe_probe_success',
        'scribe_probe_duration_seconds', 'scribe_probe_consecutive_failures',
        'scribe_ups_on_battery', 'scribe_ups_charge_ratio', 'scribe_ups_runtime_seconds',
      ]);
      const used = extractQueries(json).flatMap((q) => q.expr.match(/\b(?:scribe|vigie)_[a-z0-9_]+/g) ?? []);
      expect(used.filter((m) => !known.has(m))).toEqual([]);
    });
  });
});

describe('substituteVariables', () => {
  it.each([
    ['x{uai=~"$uai"}', 'x{uai=~"(a|b)"}'],
    ['rate(x[$__rate_interval])', 'rate(x[1m])'],
    ['increase(x[$__range]) + y[$__interval]', 'increase(x[1h]) + y[1m]'],
    ['x{server=~"${server}"}', 'x{server=~"s1"}'],
    ['x{other="$nope"}', 'x{other="$nope"}'],
  ])('%s → %s', (input, expected) => {
    expect(substituteVariables(input, { uai: '(a|b)', server: 's1' }, { range: '1h', rate: '1m' })).toBe(expected);
  });
});

describe('provisioning', () => {
  it('the datasource variable starts on the uid the provisioning file gives the data source', () => {
    const provisioned = readFileSync(join(DIR, '..', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8');
    for (const { dashboard } of built) {
      const ds = dashboard.templating.list?.find((v) => v.name === 'datasource');
      expect(provisioned).toContain(`uid: ${String(ds?.current?.value)}`);
    }
  });
});
