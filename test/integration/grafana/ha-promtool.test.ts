// Two collectors sharing one PostgreSQL, both scraped: every promtool case of grafana/prometheus/tests is replayed
// with each of its fleet series (scribe_*, vigie_enrolled_servers, vigie_notifications_*) given twice, once per
// collector instance (instance="a:9630" and "b:9630", same values). The expectations are unchanged: the rules
// de-duplicate before counting or joining, so two instances give exactly what one gives (no doubled count, no
// alert per instance, no many-to-many join error). ha.test.yml adds the cases an instance going down changes.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { isFleetMetric } from '../../../grafana/src/lib/fleet-metrics.ts';
import { findBinary } from '../../helpers/daemon-process.ts';
import { has } from '../../helpers/requirements.ts';

const run = promisify(execFile);
const TESTS = join(import.meta.dirname, '..', '..', '..', 'grafana', 'prometheus', 'tests');
const INSTANCES = ['a:9630', 'b:9630'];

interface InputSeries {
  series: string;
  values: string;
}
interface TestFile {
  rule_files: string[];
  tests: Array<{ input_series?: InputSeries[] }>;
}

/** `name{labels}` with an `instance` label added, or undefined when it is not a fleet series or already has one. */
function perInstance(series: string, instance: string): string | undefined {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s.exec(series);
  if (m === null || m[1] === undefined || !isFleetMetric(m[1])) return undefined;
  const labels = (m[2] ?? '').trim();
  if (/\binstance\s*=/.test(labels)) return undefined;
  return `${m[1]}{instance="${instance}"${labels === '' ? '' : `, ${labels}`}}`;
}

/** The test file with each fleet series doubled (rule files made absolute, since the copy lives elsewhere). */
function doubled(file: string): { text: string; doubledSeries: number } {
  const doc = parse(readFileSync(join(TESTS, file), 'utf8')) as TestFile;
  let doubledSeries = 0;
  doc.rule_files = doc.rule_files.map((f) => resolve(TESTS, f));
  for (const t of doc.tests) {
    t.input_series = (t.input_series ?? []).flatMap((s) => {
      const copies = INSTANCES.map((i) => perInstance(s.series, i));
      if (copies.some((c) => c === undefined)) return [s];
      doubledSeries += 1;
      return copies.map((c) => ({ ...s, series: c ?? s.series }));
    });
  }
  return { text: stringify(doc), doubledSeries };
}

async function promtool(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const r = await run(findBinary('promtool') ?? 'promtool', args, { cwd: join(TESTS, '..'), timeout: 60_000 });
    return { code: 0, output: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const files = readdirSync(TESTS).filter((f) => f.endsWith('.test.yml') && f !== 'ha.test.yml');
const tmp = mkdtempSync(join(tmpdir(), 'vigie-ha-promtool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!has('promtool'))('promtool cases replayed with every fleet series scraped from two collectors', () => {
  it('doubles fleet series only (not up, not the pushes an instance received)', () => {
    expect(perInstance('scribe_server_state{uai="x", state="online"}', 'a:9630')).toBe('scribe_server_state{instance="a:9630", uai="x", state="online"}');
    expect(perInstance('vigie_enrolled_servers', 'b:9630')).toBe('vigie_enrolled_servers{instance="b:9630"}');
    expect(perInstance('up{job="vigie-collector", instance="a:9630"}', 'b:9630')).toBeUndefined();
    expect(perInstance('vigie_pushes_total{kind="heartbeat"}', 'b:9630')).toBeUndefined();
  });

  it('check config: the two-collector example prometheus-ha.yml loads with its rules', async () => {
    const { code, output } = await promtool(['check', 'config', 'prometheus-ha.yml']);
    expect(code, output).toBe(0);
  });

  it.each(files.map((f) => [f]))('%s passes unchanged with two instances', async (file) => {
    // Arrange
    const { text, doubledSeries } = doubled(file);
    const path = join(tmp, file);
    writeFileSync(path, text);
    // Act
    const { code, output } = await promtool(['test', 'rules', path]);
    // Assert
    if (file !== 'collector.test.yml') expect(doubledSeries, 'no fleet series to double').toBeGreaterThan(0);
    expect(output).not.toMatch(/FAILED/);
    expect(code, output).toBe(0);
  });
});
