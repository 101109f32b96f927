// Prometheus rules: every alert is well formed and has promtool test cases firing and not firing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..', '..', 'grafana', 'prometheus');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}
interface TestFile {
  rule_files: string[];
  tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
}

const alerts = (parse(readFileSync(join(ROOT, 'rules', 'alerts.yml'), 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);
const recording = (parse(readFileSync(join(ROOT, 'rules', 'recording.yml'), 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);
const testFiles = readdirSync(join(ROOT, 'tests'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => parse(readFileSync(join(ROOT, 'tests', f), 'utf8')) as TestFile);
const cases = testFiles.flatMap((t) => t.tests.flatMap((c) => c.alert_rule_test ?? []));

describe('grafana/prometheus/rules/alerts.yml', () => {
  it('has alerts', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    expect(alerts.every((r) => typeof r.alert === 'string')).toBe(true);
  });

  it.each(alerts.map((r) => [r.alert ?? '?', r] as const))('%s is well formed', (name, rule) => {
    expect(name).toMatch(/^(Scribe|Vigie)[A-Z][A-Za-z]+$/);
    expect(rule.for).toMatch(/^[0-9]+[smhd]$/);
    expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary?.length ?? 0).toBeGreaterThan(10);
    expect(rule.annotations?.description?.length ?? 0).toBeGreaterThan(20);
  });

  it.each(alerts.map((r) => [r.alert ?? '?'] as const))('%s has a promtool case where it fires and one where it does not', (name) => {
    const mine = cases.filter((c) => c.alertname === name);
    expect(mine.some((c) => c.exp_alerts.length > 0), 'firing case').toBe(true);
    expect(mine.some((c) => c.exp_alerts.length === 0), 'not-firing case').toBe(true);
  });

  it('backs up the collector: off during the window, collector down or not scraped, stale reports, quotas filling up', () => {
    const names = alerts.map((r) => r.alert);
    for (const required of [
      'ScribeServerOffDuringMaintenanceWindow',
      'VigieCollectorDown',
      'VigieCollectorAbsent',
      'ScribeReportStale',
      'ScribeQuotaFillingUp',
    ]) {
      expect(names).toContain(required);
    }
  });
});

describe('grafana/prometheus/rules/recording.yml', () => {
  it.each(recording.map((r) => [r.record ?? '?'] as const))('%s follows level:metric:operations', (name) => {
    expect(name).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
  });
});
