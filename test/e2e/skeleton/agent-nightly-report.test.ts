import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  enrolWithCli,
  makeAgentRoot,
  scrape,
  startAgentProcess,
  startCollectorProcess,
  waitFor,
  type RunningProcess,
} from '../../helpers/processes.ts';

const running: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).reverse().map((p) => p.stop('SIGKILL')));
});

/** A 6-field cron expression firing once, `inMs` from now (UTC). */
function cronIn(inMs: number): string {
  const at = new Date(Date.now() + inMs);
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
}

describe('the agent daemon’s scheduled scan', () => {
  it('keeps a report the collector could not take, and delivers it once the collector is back', async () => {
    const collector = await startCollectorProcess();
    running.push(collector);
    const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
    const port = Number(new URL(collector.url).port);
    await collector.stop(); // the collector is down when the nightly scan fires

    const rootDir = makeAgentRoot();
    const configFile = join(rootDir, 'agent.yaml');
    writeFileSync(configFile, `scan:\n  cron: "${cronIn(3000)}"\n  timezone: UTC\n  maxOffsetSeconds: 0\n  quotaMounts: [/home]\n`);
    const agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir, args: ['--config', configFile] });
    running.push(agent);
    await waitFor('the report to be kept for later', () => agent.lines.find((l) => l.includes('report not delivered, kept for a later try')), 15_000);

    const again = await startCollectorProcess({ dir: collector.databasePath.replace(/\/vigie\.db$/, ''), port });
    running.push(again);
    const stamp = await waitFor('the kept report in /metrics', async () => (await scrape(again.url, 'scribe_report_timestamp_seconds'))[0], 15_000);
    expect(stamp).toContain('uai="0860021F",server="scribe"');
    await waitFor('the agent to log the delivery', () => agent.lines.find((l) => l.includes('"report delivered"')), 5_000);
  });
});
