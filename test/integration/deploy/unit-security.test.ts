// The systemd units' exposure as `systemd-analyze security --offline=true` rates it (0 = locked down, 10 = UNSAFE):
// the agent's at most 3.5, the collector's at most 2.5 (Debian's own prometheus.service: 4.0).
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { has } from '../../helpers/requirements.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const ANALYZE = '/usr/bin/systemd-analyze';

/** The overall exposure figure systemd-analyze prints for a unit file. */
function exposureOf(unitFile: string): number {
  // Exits non-zero when the exposure is above --threshold (default 100): read the figure, not the status.
  const out = execFileSync(ANALYZE, ['security', '--offline=true', '--no-pager', unitFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const m = /Overall exposure level for \S+: (\d+(?:\.\d+)?)/.exec(out);
  if (!m) throw new Error(`no exposure level in:\n${out}`);
  return Number(m[1]);
}

describe.skipIf(!has('systemdAnalyze'))('systemd units, systemd-analyze security --offline=true', () => {
  it.each([
    ['vigie-agent.service', 3.5],
    ['vigie-collector.service', 2.5],
  ])('%s is exposed at most %s', (unit, limit) => {
    const exposure = exposureOf(join(ROOT, 'deploy', unit));
    process.stdout.write(`systemd-analyze security: ${unit} exposure ${exposure}\n`);
    expect(exposure).toBeLessThanOrEqual(limit);
  });
});
