// What repquota needs to run as the agent's unprivileged user: on a real ext4 with user and group quotas
// (loop-mounted; needs root), repquota run through setpriv as another uid with no capability cannot open the
// quota files (mode 0600 root); with CAP_DAC_READ_SEARCH alone, the one capability deploy/vigie-agent.service
// grants, it reports every user.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopQuotaFs, QUOTA_TOOLS, type LoopQuotaFs } from '../../helpers/loop-quota-fs.ts';
import { has } from '../../helpers/requirements.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

const NOBODY = 65534;
const USER = 1501;

/** repquota as uid NOBODY with exactly `caps` (setpriv: inheritable, ambient and bounding sets). */
function repquotaAs(caps: string[], mount: string): { status: number | null; stdout: string; stderr: string } {
  const set = ['-all', ...caps.map((c) => `+${c}`)].join(',');
  const r = spawnSync(
    '/usr/bin/setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', `--inh-caps=${set}`, `--ambient-caps=${set}`, `--bounding-set=${set}`,
      '/usr/sbin/repquota', '-u', '-n', '-O', 'csv', '-p', mount],
    { encoding: 'utf8' },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!has(...QUOTA_TOOLS, 'root'))('repquota as an unprivileged user (loop-mounted ext4 with quotas)', () => {
  let fs: LoopQuotaFs;
  beforeAll(() => {
    fs = createLoopQuotaFs();
    fs.writeAs(USER, 'cours.odt', 300);
    fs.setUserQuota(USER, 1000, 2000, 0, 0);
    fs.recount();
  });
  afterAll(() => fs?.cleanup());

  it('fails without any capability: the quota files are readable by root only', () => {
    const r = repquotaAs([], fs.mount);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/aquota\.user: Permission denied/);
  });

  it('reports every user with CAP_DAC_READ_SEARCH alone', () => {
    const r = repquotaAs(['dac_read_search'], fs.mount);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^#${USER},ok,ok,300,1000,2000,`, 'm'));
  });

  it('CAP_SYS_ADMIN does not help (only reading the files matters), so the unit does not grant it', () => {
    expect(repquotaAs(['sys_admin'], fs.mount).status).not.toBe(0);
    const unit = readFileSync(join(ROOT, 'deploy/vigie-agent.service'), 'utf8');
    expect(unit).toMatch(/^CapabilityBoundingSet=CAP_DAC_READ_SEARCH$/m);
    expect(unit).toMatch(/^AmbientCapabilities=CAP_DAC_READ_SEARCH$/m);
  });
});
