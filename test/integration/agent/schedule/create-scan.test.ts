// createScan wires the real probes from the scan config; pino's logger fits its logger slot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createScan } from '../../../../agent/schedule/create-scan.ts';
import { resolveScanConfig } from '../../../../agent/schedule/scan-config.ts';
import type { CommandRunner } from '../../../../agent/system/command-runner.ts';
import type { Report } from '../../../../shared/protocol/report.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { generateScribeTree } from '../../../helpers/tree-generator.ts';
import { readFixture } from '../../../helpers/fixtures.ts';

const CSV = readFixture('repquota', 'csv.txt');
const root = mkdtempSync(join(tmpdir(), 'vigie-create-scan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createScan', () => {
  it('runs repquota, getent and the walker as configured and delivers one report', async () => {
    generateScribeTree(root, { now: new Date('2026-11-29T00:00:00Z') });
    const calls: string[] = [];
    const commands: Pick<CommandRunner, 'run'> = {
      run(bin, args) {
        calls.push([bin, ...args].join(' '));
        if (bin.endsWith('repquota')) return Promise.resolve({ stdout: CSV, stderr: '' });
        return Promise.resolve({ stdout: args[0] === 'group' ? 'professeurs:*:10001:prof0\n' : 'prof0:*:2001:513::/home/p/prof0:/bin/false\njdupont:*:3001:513::/home/j/jdupont:/bin/false\n', stderr: '' });
      },
    };
    const delivered: Report[] = [];
    const scan = createScan({
      config: resolveScanConfig({ quotaMounts: ['/home'], topFiles: 2 }),
      rootDir: root,
      server: { uai: '0860021F', machine: 'scribe' },
      agentVersion: '0.1.0',
      clock: new FakeClock('2026-11-30T01:45:00Z'),
      commands,
      deliver: (r) => { delivered.push(r); return Promise.resolve({ status: 'sent' }); },
      logger: pino({ level: 'silent' }),
    });
    const outcome = await scan.runner.runOnce();
    expect(outcome.status === 'done' && outcome.delivered).toEqual({ status: 'sent' });
    expect(calls.sort()).toEqual(['/usr/bin/getent group', '/usr/bin/getent passwd', '/usr/sbin/repquota -u -O csv -p /home']);
    const report = delivered[0];
    expect(report?.quota?.filesystems[0]?.users.find((u) => u.login === 'jdupont')).toMatchObject({ uid: 3001, status: 'over_hard' });
    expect(report?.spaces?.spaces.find((s) => s.kind === 'perso' && s.name === 'prof0')).toMatchObject({ profile: 'enseignant', largestFiles: [{}, {}] });
    expect(report?.probes.map((p) => [p.probe, p.ok])).toEqual([['profiles', true], ['quota', true], ['spaces', true]]);
    await scan.scheduler.stop();
  });
});
