import { describe, expect, it } from 'vitest';
import { createQuotaProbe, DEFAULT_QUOTA_PROBE_CONFIG, deviceForMount, type QuotaProbeConfig } from '../../../../../agent/probes/quota/quota-probe.ts';
import type { CommandRunner } from '../../../../../agent/system/command-runner.ts';
import { AppError } from '../../../../../shared/errors.ts';
import { FakeClock } from '../../../../../shared/testing/fake-clock.ts';
import { readFixture } from '../../../../helpers/fixtures.ts';
import { probeContext } from '../../../../helpers/probe-context.ts';

const fixture = (name: string): string => readFixture('repquota', name);
const failed = (stderr: string, exitCode = 1) =>
  new AppError('ERR_COMMAND_FAILED', `repquota: exit code ${exitCode}`, { details: { stderr, exitCode } });

/** A runner that answers by the joined argument list and records every call. */
function fakeRunner(answers: Record<string, string | AppError>): Pick<CommandRunner, 'run'> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run(binary, args) {
      const key = args.join(' ');
      calls.push(`${binary} ${key}`);
      const answer = answers[key];
      if (answer === undefined) return Promise.reject(failed(`unexpected call ${key}`));
      return answer instanceof AppError ? Promise.reject(answer) : Promise.resolve({ stdout: answer, stderr: '' });
    },
  };
}

const MOUNTS = '/dev/mapper/scribe--vg-home /home ext4 rw,relatime,quota,usrquota,grpquota 0 0\n';
function probe(runner: Pick<CommandRunner, 'run'>, config: Partial<QuotaProbeConfig> = {}) {
  return createQuotaProbe({
    runner,
    clock: new FakeClock('2026-11-29T20:00:00Z'),
    config: { ...DEFAULT_QUOTA_PROBE_CONFIG, ...config },
    readMountTable: () => Promise.resolve(MOUNTS),
  });
}

describe('createQuotaProbe', () => {
  it('prefers -O csv -p and names the device from the mount table', async () => {
    const runner = fakeRunner({ '-u -O csv -p /home': fixture('csv.txt') });
    const section = await probe(runner).run(probeContext());
    expect(runner.calls).toEqual(['/usr/sbin/repquota -u -O csv -p /home']);
    expect(section.status).toBe('ok');
    expect(section.filesystems).toHaveLength(1);
    expect(section.filesystems[0]).toMatchObject({ device: '/dev/mapper/scribe--vg-home', mountpoint: '/home', format: 'csv' });
    expect(section.filesystems[0]?.users.map((u) => u.login)).toContain('jdupont');
  });

  it('falls back to the plain table with -p when -O is not supported, and remembers it', async () => {
    const runner = fakeRunner({
      '-u -O csv -p /home': failed("repquota: invalid option -- 'O'"),
      '-u -p /home': fixture('raw-grace-verbose.txt'),
      '-u -p /srv': fixture('raw-grace-verbose.txt'),
    });
    const section = await probe(runner, { mounts: ['/home', '/srv'] }).run(probeContext());
    expect(runner.calls).toEqual(['/usr/sbin/repquota -u -O csv -p /home', '/usr/sbin/repquota -u -p /home', '/usr/sbin/repquota -u -p /srv']);
    expect(section.status).toBe('ok');
    expect(section.filesystems.map((f) => [f.device, f.format])).toEqual([['/dev/loop0', 'table'], ['/dev/loop0', 'table']]);
    expect(section.filesystems[0]?.users.find((u) => u.login === 'jdupont')?.graceEndsAt).toBe(new Date(1796584081000).toISOString());
  });

  it('reports quotas not enabled as a status, not an error', async () => {
    const runner = fakeRunner({
      '-u -O csv -p /home': failed('repquota: Mountpoint (or device) /home not found or has no quota enabled.\nrepquota: Not all specified mountpoints are using quota.'),
    });
    expect(await probe(runner).run(probeContext())).toEqual({ status: 'not_enabled', filesystems: [] });
  });

  it('treats the empty output of repquota -a as not enabled', async () => {
    const runner = fakeRunner({ '-u -p -a': '' });
    expect(await probe(runner, { mounts: 'all' }).run(probeContext())).toEqual({ status: 'not_enabled', filesystems: [] });
  });

  it('reads several filesystems with -a from the plain table', async () => {
    const twice = fixture('default.txt') + fixture('default.txt').replace('/dev/loop0', '/dev/loop1');
    const runner = fakeRunner({ '-u -n -p -a': twice });
    const section = await probe(runner, { mounts: 'all', numericIds: true }).run(probeContext());
    expect(section.filesystems.map((f) => f.device)).toEqual(['/dev/loop0', '/dev/loop1']);
  });

  it.each([
    ['a timeout', new AppError('ERR_COMMAND_TIMEOUT', 'repquota: no answer within 60000 ms'), /no answer/],
    ['a missing binary', new AppError('ERR_COMMAND_NOT_FOUND', 'repquota: cannot run (ENOENT)'), /cannot run/],
    ['an unexpected failure', failed('repquota: Cannot stat() given mountpoint /home: No such file or directory', 2), /exit code 2/],
    ['unparsable output', 'hello\n', /line 1/],
  ])('answers status error on %s', async (_name, answer, message) => {
    const section = await probe(fakeRunner({ '-u -O csv -p /home': answer })).run(probeContext());
    expect(section.status).toBe('error');
    expect(section.error).toMatch(message);
  });
});

describe('deviceForMount', () => {
  it('finds the device, unescaping octal spaces, the last mount winning', () => {
    const table = '/dev/a /home ext4 rw 0 0\n/dev/b /mnt/with\\040space ext4 rw 0 0\n/dev/c /home ext4 rw 0 0\n';
    expect(deviceForMount(table, '/home')).toBe('/dev/c');
    expect(deviceForMount(table, '/mnt/with space')).toBe('/dev/b');
    expect(deviceForMount(table, '/nope')).toBeUndefined();
  });
});
