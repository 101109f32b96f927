// A real agent scan (walker on a generated Scribe-like tree, repquota/getent answered by a fake command runner)
// delivered by the agent's sender to a real collector on 127.0.0.1:0: the report is stored, shows in
// /metrics as per-server aggregates, feeds the quota report, and a resend is a duplicate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSender } from '../../../../agent/delivery/sender.ts';
import { createScan } from '../../../../agent/schedule/create-scan.ts';
import { resolveScanConfig } from '../../../../agent/schedule/scan-config.ts';
import type { CommandRunner } from '../../../../agent/system/command-runner.ts';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { enrolServer } from '../../../../collector/enrolment.ts';
import { startCollector, type RunningCollector } from '../../../../collector/main.ts';
import type { QuotaReport } from '../../../../collector/reports/quota-report-types.ts';
import { systemClock } from '../../../../shared/clock.ts';
import type { Report } from '../../../../shared/protocol/index.ts';
import { parseCsv } from '../../../helpers/parse-csv.ts';
import { generateScribeTree, type ScribeTree } from '../../../helpers/tree-generator.ts';

const READER = 'reader-token-for-agent-e2e';
let dir: string;
let tree: ScribeTree;
let collector: RunningCollector;
let token: string;

/** repquota -O csv with every generated login: the first pupil at its hard limit, the second in grace. */
function repquotaCsv(logins: readonly string[]): string {
  const header = 'User,BlockStatus,FileStatus,BlockUsed,BlockSoftLimit,BlockHardLimit,BlockGrace,FileUsed,FileSoftLimit,FileHardLimit,FileGrace';
  const lines = logins.map((login, i) => {
    if (i === 0) return `${login},hard,ok,51200,51200,51200,none,40,0,0,`;
    if (i === 1) return `${login},soft,ok,52000,51200,61440,6days,40,0,0,`;
    return `${login},ok,ok,${1000 + i * 10},${login.startsWith('prof') ? 0 : 51200},${login.startsWith('prof') ? 0 : 51200},,12,0,0,`;
  });
  return `${[header, ...lines].join('\n')}\n`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-agent-report-'));
  tree = generateScribeTree(join(dir, 'root'), { now: systemClock.now(), hostile: false, classes: ['3a', '4b'], pupilsPerClass: 4, teachers: 2 });
  const config = loadCollectorConfig({
    env: { VIGIE_COLLECTOR_PORT: '0', VIGIE_COLLECTOR_DATABASE: join(dir, 'vigie.db'), VIGIE_COLLECTOR_REPORTS_READER_TOKEN: READER, VIGIE_COLLECTOR_LOG_LEVEL: 'silent' },
  });
  collector = await startCollector(config);
  token = (await enrolServer(collector.store, { uai: '0860021F', machine: 'scribe', name: 'Collège Jean Moulin' }, systemClock.now())).token;
}, 60_000);

afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent scan → collector report', () => {
  it('stores the scan, exposes aggregates, builds the quota report, and dedupes a resend', async () => {
    // Arrange: the agent's real scan pipeline and sender
    const pupils = tree.logins.filter((l) => !l.startsWith('prof'));
    const teachers = tree.logins.filter((l) => l.startsWith('prof'));
    const commands: Pick<CommandRunner, 'run'> = {
      run: (_bin, args) => Promise.resolve({
        stdout: args.includes('csv')
          ? repquotaCsv([...pupils, ...teachers])
          : args[0] === 'group'
            ? `eleves:x:10002:${pupils.join(',')}\nprofesseurs:x:10001:${teachers.join(',')}\n`
            : '',
        stderr: '',
      }),
    };
    const sender = createHttpSender({ collectorUrls: [collector.url], token, timeoutMs: 5000 });
    const sent: Report[] = [];
    const outcomes: unknown[] = [];
    const scan = createScan({
      config: resolveScanConfig({ workers: 2, budgetSeconds: 120 }),
      rootDir: join(dir, 'root'), server: { uai: '0860021F', machine: 'scribe' }, agentVersion: 'e2e', clock: systemClock,
      commands,
      deliver: async (r) => {
        sent.push(r);
        outcomes.push(await sender.send('report', r));
      },
    });

    // Act
    const outcome = await scan.runner.runOnce();

    // Assert: accepted and stored
    expect(outcome.status).toBe('done');
    expect(outcomes).toEqual([{ status: 'sent', outcome: 'accepted' }]);
    const report = sent[0]!;
    expect(report.quota?.status).toBe('ok');

    // /metrics: aggregates per server, not one series per user (beyond the capped top-N)
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    const id = 'uai="0860021F",server="scribe"';
    expect(metrics).toContain(`scribe_quota_users{${id},status="over_hard"} 1`);
    expect(metrics).toContain(`scribe_quota_users{${id},status="over_soft"} 1`);
    expect(metrics).toMatch(new RegExp(`scribe_space_bytes\\{${id},kind="perso"\\} [1-9]`));
    expect(metrics).toMatch(new RegExp(`scribe_report_timestamp_seconds\\{${id}\\} \\d+`));
    expect(metrics).toContain(`scribe_scan_partial{${id}} 0`);
    expect(metrics.split('\n').filter((l) => l.startsWith('scribe_quota_top_user_used_bytes{')).length).toBe(Math.min(10, tree.logins.length));

    // The quota report: every generated user, the over-quota pupil first, a volume to migrate
    const res = await fetch(`${collector.url}/api/v1/reports/quotas?uai=0860021F`, { headers: { authorization: `Bearer ${READER}` } });
    const model = (await res.json()) as QuotaReport;
    expect(model.users.map((u) => u.login).sort()).toEqual([...tree.logins].sort());
    expect(model.users[0]).toMatchObject({ login: pupils[0], status: 'over_hard', profile: 'eleve' });
    expect(model.users[1]).toMatchObject({ login: pupils[1], status: 'over_soft' });
    expect(model.users.find((u) => u.login === teachers[0])).toMatchObject({ profile: 'enseignant', quotaLimitBytes: null });
    expect(model.users.every((u) => u.persoBytes !== null && u.persoBytes > 0)).toBe(true);
    expect(model.schools[0]?.toMigrateBytes).toBeGreaterThan(0);
    const csv = parseCsv(await (await fetch(`${collector.url}/api/v1/reports/quotas?uai=0860021F&format=csv`, { headers: { authorization: `Bearer ${READER}` } })).text());
    expect(csv.slice(1).map((r) => r[2])).toEqual(model.users.map((u) => u.login));

    // A resend of the same report (agent retry) changes nothing
    expect(await sender.send('report', report)).toEqual({ status: 'sent', outcome: 'duplicate' });
  }, 60_000);
});
