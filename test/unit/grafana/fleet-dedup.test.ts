// Several collectors may share one PostgreSQL; Prometheus scrapes them all, so every fleet metric (read from the
// database: identical on every instance) is stored once per instance. This static check fails when a dashboard
// query or a Prometheus rule uses a fleet metric without de-duplicating it first (`max without (instance) (…)`,
// grafana/src/lib/promql.ts `fleet()`): a sum would double with two collectors, and a join on (uai, server) would
// meet two copies and fail (many-to-many). How it checks: every expression of every dashboard (extractQueries:
// panel targets; `label_values` variables are exempt, duplicates do not change a set of values) and of every
// rule is scanned for fleet metric names (FLEET_METRIC_RE); each selector found must be the whole argument of a
// `max` that drops `instance`, directly or through one range function (undeduplicatedFleetSelectors).
// The fleet/instance split itself is checked against the collector's registry, so a new metric must be classified.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../../collector/metrics/index.ts';
import type { Store } from '../../../collector/storage/store.ts';
import { systemClock } from '../../../shared/clock.ts';
import { DASHBOARDS } from '../../../grafana/src/dashboards.ts';
import { FLEET_METRIC_RE, INSTANCE_METRIC_RE, isFleetMetric, undeduplicatedFleetSelectors } from '../../../grafana/src/lib/fleet-metrics.ts';
import { fleet } from '../../../grafana/src/lib/promql.ts';
import { extractQueries, parseLabelValues } from '../../../grafana/src/lib/queries.ts';

const RULES_DIR = join(import.meta.dirname, '..', '..', '..', 'grafana', 'prometheus', 'rules');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
const rules = ['alerts.yml', 'recording.yml'].flatMap((f) =>
  (parse(readFileSync(join(RULES_DIR, f), 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules),
);

const dashboardQueries = DASHBOARDS.flatMap((d) => extractQueries(d.build())).filter((q) => parseLabelValues(q.expr) === undefined);

describe('fleet and instance metrics', () => {
  // The store is never read: listing a registry's metrics runs no collect().
  const { registry } = createMetrics({ store: {} as Store, clock: systemClock });
  const names = registry.getMetricsAsArray().map((m) => m.name);

  it.each(names.map((n) => [n]))('%s is classified as either a fleet or an instance metric', (name) => {
    expect([isFleetMetric(name), INSTANCE_METRIC_RE.test(name)].filter(Boolean), `${name}: add it to FLEET_METRIC_RE or INSTANCE_METRIC_RE (grafana/src/lib/fleet-metrics.ts)`).toHaveLength(1);
  });

  it('knows the vigie_* metrics read from the database as fleet metrics', () => {
    for (const n of ['vigie_enrolled_servers', 'vigie_notifications_total', 'vigie_notifications_pending']) {
      expect(names).toContain(n);
      expect(isFleetMetric(n)).toBe(true);
    }
    expect(names.filter((n) => n.startsWith('scribe_')).every(isFleetMetric)).toBe(true);
    expect(FLEET_METRIC_RE.test('vigie_pushes_total')).toBe(false);
  });
});

describe('de-duplication of fleet metrics across collector instances', () => {
  it.each(dashboardQueries.map((q, i) => [`${q.dashboard} › ${q.where} #${i}`, q.expr] as const))('%s', (_name, expr) => {
    expect(undeduplicatedFleetSelectors(expr), expr).toEqual([]);
  });

  it.each(rules.map((r) => [r.alert ?? r.record ?? '?', r.expr] as const))('rule %s', (_name, expr) => {
    expect(undeduplicatedFleetSelectors(expr), expr).toEqual([]);
  });

  it('fleet() wraps a selector or a range function of one', () => {
    expect(fleet('scribe_server_state{uai="x"}')).toBe('max without (instance) (scribe_server_state{uai="x"})');
    expect(undeduplicatedFleetSelectors(`sum(${fleet('increase(scribe_server_outages_total[5m])')})`)).toEqual([]);
  });

  it.each([
    ['sum(scribe_space_bytes{uai="x"})', ['scribe_space_bytes{uai="x"}']],
    ['time() - scribe_report_timestamp_seconds', ['scribe_report_timestamp_seconds']],
    ['a * on (uai, server) group_left (name) scribe_server_info', ['scribe_server_info']],
    ['max without (instance) (scribe_quota_used_bytes / scribe_quota_limit_bytes)', ['scribe_quota_used_bytes', 'scribe_quota_limit_bytes']],
    ['topk(10, scribe_quota_top_user_used_bytes)', ['scribe_quota_top_user_used_bytes']],
    ['max by (instance) (scribe_server_up)', ['scribe_server_up']],
    ['sum(increase(vigie_notifications_total[5m]))', ['vigie_notifications_total[5m]']],
    ['max without (instance) (sum(scribe_space_bytes))', ['scribe_space_bytes']],
  ])('reports %s', (expr, expected) => {
    expect(undeduplicatedFleetSelectors(expr)).toEqual(expected);
  });

  it.each([
    'sum(max without (instance) (scribe_space_bytes{uai=~"a|b", kind!~"x"}))',
    'max without (instance) (increase(scribe_server_outages_total{cause="site"}[1h]))',
    'max by (uai, server) (scribe_server_state_since_timestamp_seconds)',
    'max(vigie_enrolled_servers)',
    'sum by (uai) (uai:scribe_space_bytes:sum)',
    'sum(rate(vigie_pushes_total[5m]))',
    'group by (uai) (max without (instance) (scribe_server_info))',
  ])('accepts %s', (expr) => {
    expect(undeduplicatedFleetSelectors(expr)).toEqual([]);
  });
});
