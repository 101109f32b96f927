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

describe('agent → collector over HTTP (real processes)', () => {
  it('enrols with the CLI, pushes heartbeats and events, and shows them in /metrics', async () => {
    const collector = await startCollectorProcess();
    running.push(collector);
    const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe', 'Collège Exemple');
    const agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir: makeAgentRoot({ uptimeSeconds: 5000 }) });
    running.push(agent);

    const uptime = await waitFor('the agent heartbeat in /metrics', async () => {
      const lines = await scrape(collector.url, 'scribe_server_uptime_seconds');
      return lines.find((l) => l.includes('uai="0860021F",server="scribe"'));
    });
    expect(Number(uptime.split(' ')[1])).toBeGreaterThanOrEqual(5000);
    const info = await scrape(collector.url, 'scribe_server_info');
    expect(info[0]).toContain('academie="ac-poitiers"');
    expect(info[0]).toContain('eole_version="2.8.1"');

    // SIGTERM: the agent announces its shutdown before exiting.
    expect(await agent.stop('SIGTERM')).toBe(0);
    const events = await scrape(collector.url, 'vigie_pushes_total');
    expect(events.find((l) => l.includes('kind="event",outcome="accepted"'))).toMatch(/ 2$/);
  });

  it('keeps running while the collector is down and delivers again once it is back', async () => {
    const collector = await startCollectorProcess();
    running.push(collector);
    const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
    const port = Number(new URL(collector.url).port);
    await collector.stop();
    const agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir: makeAgentRoot() });
    running.push(agent);
    await waitFor('a failed delivery to be logged', () => agent.lines.find((l) => l.includes('not delivered')));
    expect(agent.proc.exitCode).toBeNull();

    const again = await startCollectorProcess({ dir: collector.databasePath.replace(/\/vigie\.db$/, ''), port });
    running.push(again);
    await waitFor('heartbeats to arrive again', async () => (await scrape(again.url, 'scribe_server_uptime_seconds')).length === 1 || undefined);
    // The startup event queued while the collector was down is delivered too.
    await waitFor('the queued startup event', async () =>
      (await scrape(again.url, 'vigie_pushes_total')).find((l) => l.includes('kind="event",outcome="accepted"')),
    );
  });
});
