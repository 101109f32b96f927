// promtool on our Prometheus files: rules parse, rule unit tests pass, config loads, every dashboard query parses.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DASHBOARDS } from '../../../grafana/src/dashboards.ts';
import { extractQueries, parseLabelValues, substituteVariables } from '../../../grafana/src/lib/queries.ts';
import { findBinary } from '../../helpers/daemon-process.ts';
import { has } from '../../helpers/requirements.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..', 'grafana', 'prometheus');
const promtool = findBinary('promtool');
const tmp = mkdtempSync(join(tmpdir(), 'vigie-promtool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function promtoolRun(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(promtool ?? 'promtool', args, { cwd: ROOT, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const files = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(dir, f));

describe.skipIf(!has('promtool'))('promtool', () => {
  it('is installed (Debian package prometheus)', () => {
    expect(promtool, 'promtool not found on PATH').toBeDefined();
  });

  it('check rules: every rule file is valid', async () => {
    const { code, output } = await promtoolRun(['check', 'rules', ...files('rules')]);
    expect(output).not.toMatch(/FAILED/);
    expect(code, output).toBe(0);
  });

  it('test rules: every alert fires and stays silent as the test cases say', async () => {
    const { code, output } = await promtoolRun(['test', 'rules', ...files('tests')]);
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/FAILED/);
  });

  it('check config: the example prometheus.yml loads with its rules', async () => {
    const { code, output } = await promtoolRun(['check', 'config', 'prometheus.yml']);
    expect(code, output).toBe(0);
  });

  it('every dashboard expression is valid PromQL (checked as recording rules)', async () => {
    // Arrange: variables become regexes as Grafana renders "All"; label_values() become their selector.
    const values = { academie: '.+', uai: '.+', server: '.+' };
    const rules = DASHBOARDS.flatMap((d) =>
      extractQueries(d.build()).map((q, i) => {
        const lv = parseLabelValues(q.expr);
        const expr = substituteVariables(lv ? lv.selector : q.expr, values, { range: '1h', rate: '2m' });
        return { record: `check:${d.file.replace(/[^a-z]/g, '_')}:q${i}`, expr };
      }),
    );
    const path = join(tmp, 'dashboard-queries.yml');
    writeFileSync(path, stringify({ groups: [{ name: 'dashboards', rules }] }));
    // Act
    const { code, output } = await promtoolRun(['check', 'rules', path]);
    // Assert
    expect(code, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${rules.length} rules found`);
  });
});
