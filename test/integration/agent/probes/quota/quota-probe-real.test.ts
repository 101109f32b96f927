// The real repquota on a loop-mounted ext4 with usrquota: the probe's figures must be exactly what we wrote.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRepquota } from '../../../../../agent/probes/quota/parse-repquota.ts';
import { createQuotaProbe, DEFAULT_QUOTA_PROBE_CONFIG } from '../../../../../agent/probes/quota/quota-probe.ts';
import { toQuotaUser } from '../../../../../agent/probes/quota/quota-users.ts';
import { createCommandRunner } from '../../../../../agent/system/command-runner.ts';
import { systemClock } from '../../../../../shared/clock.ts';
import { createLoopQuotaFs, QUOTA_TOOLS, type LoopQuotaFs } from '../../../../helpers/loop-quota-fs.ts';
import { has } from '../../../../helpers/requirements.ts';
import { probeContext } from '../../../../helpers/probe-context.ts';

const KiB = 1024;

describe.skipIf(!has(...QUOTA_TOOLS, 'root'))('quota probe against the real repquota (loop-mounted ext4, usrquota)', () => {
  let fs: LoopQuotaFs;
  let plain: LoopQuotaFs;
  let before = 0;

  beforeAll(() => {
    fs = createLoopQuotaFs();
    plain = createLoopQuotaFs({ quota: false, sizeMiB: 16 });
    fs.setUserQuota(42001, 2000, 4000, 0, 0); // will be over soft (in grace)
    fs.setUserQuota(42002, 1000, 2000, 5, 10); // will be over hard (limits are not enforced here)
    fs.setUserQuota(42003, 0, 0, 0, 0); // no limit
    before = Date.now();
    fs.writeAs(42001, 'a1', 2400);
    fs.writeAs(42002, 'b1', 1600);
    fs.writeAs(42002, 'b2', 800);
    for (let i = 0; i < 3; i += 1) fs.writeAs(42003, `c${i}`, 100 + 4 * i);
    fs.recount();
  }, 60_000);

  afterAll(() => {
    fs?.cleanup();
    plain?.cleanup();
  });

  const probe = (mounts: string[]) =>
    createQuotaProbe({
      runner: createCommandRunner(),
      clock: systemClock,
      config: { ...DEFAULT_QUOTA_PROBE_CONFIG, mounts },
      readMountTable: () => readFile('/proc/mounts', 'utf8'),
    });

  it('parses exactly the figures written as each uid', async () => {
    const section = await probe([fs.mount]).run(probeContext());
    expect(section.status).toBe('ok');
    const [fsys] = section.filesystems;
    expect(fsys?.format).toBe('csv');
    expect(fsys?.mountpoint).toBe(fs.mount);
    expect(fsys?.device).toMatch(/^\/dev\/loop[0-9]+$/);
    const byLogin = new Map(fsys?.users.map((u) => [u.login, u]));
    expect(byLogin.get('#42001')).toMatchObject({
      uid: 42001, usedBytes: 2400 * KiB, softLimitBytes: 2000 * KiB, hardLimitBytes: 4000 * KiB, files: 1,
      fileSoftLimit: null, fileHardLimit: null, status: 'over_soft', graceExpired: false, fileStatus: 'ok',
    });
    const graceEnd = Date.parse(byLogin.get('#42001')?.graceEndsAt ?? '');
    expect(graceEnd).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 7 * 86_400_000 - 1000);
    expect(graceEnd).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000 + 1000);
    expect(byLogin.get('#42002')).toMatchObject({
      usedBytes: 2400 * KiB, softLimitBytes: 1000 * KiB, hardLimitBytes: 2000 * KiB, files: 2, fileSoftLimit: 5, fileHardLimit: 10,
      status: 'over_hard', fileStatus: 'ok',
    });
    expect(byLogin.get('#42003')).toMatchObject({
      usedBytes: (100 + 104 + 108) * KiB, softLimitBytes: null, hardLimitBytes: null, files: 3, status: 'ok',
    });
    expect(byLogin.get('#42003')).not.toHaveProperty('graceEndsAt');
  });

  it('reads the same figures from the plain table (repquota -u -p)', async () => {
    const table = execFileSync('/usr/sbin/repquota', ['-u', '-p', fs.mount], { encoding: 'utf8' });
    const fromTable = parseRepquota(table).blocks[0]?.entries.map((e) => toQuotaUser(e, systemClock.now())) ?? [];
    const section = await probe([fs.mount]).run(probeContext());
    expect(fromTable).toEqual(section.filesystems[0]?.users);
  });

  it('says not_enabled for a filesystem mounted without usrquota', async () => {
    expect(await probe([plain.mount]).run(probeContext())).toEqual({ status: 'not_enabled', filesystems: [] });
  });
});
