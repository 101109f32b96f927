// An agent whose clock is a day ahead (libfaketime) is judged by the collector's clock only: it is online,
// last seen "now" by the collector's clock, and its skew is exposed as scribe_server_clock_skew_seconds.
import { afterAll, describe, expect, it } from 'vitest';
import { LIBFAKETIME, has } from '../../helpers/requirements.ts';
import { enrolWithCli, makeAgentRoot, scrape, startAgentProcess, startCollectorProcess, waitFor, type RunningProcess } from '../../helpers/processes.ts';

const running: RunningProcess[] = [];
afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL');
});

const valueOf = (line: string | undefined) => Number(line?.split(' ').at(-1));

describe.runIf(has('libfaketime'))('an agent a day ahead', () => {
  it('is online by the collector clock, with a skew of +86400 s', async () => {
    const collector = await startCollectorProcess();
    running.push(collector);
    const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
    const agent = startAgentProcess({
      collectorUrl: collector.url,
      token,
      rootDir: makeAgentRoot(),
      env: { LD_PRELOAD: LIBFAKETIME, FAKETIME: '+1d', FAKETIME_DONT_FAKE_MONOTONIC: '1', VIGIE_SCAN_ENABLED: 'false' },
    });
    running.push(agent);
    // Two heartbeats: the second carries the round trip of the first.
    const skew = await waitFor('a second heartbeat with its skew', async () => {
      const pushes = (await scrape(collector.url, 'vigie_pushes_total')).find((l) => l.includes('kind="heartbeat",outcome="accepted"'));
      return valueOf(pushes) >= 2 ? (await scrape(collector.url, 'scribe_server_clock_skew_seconds'))[0] : undefined;
    });
    expect(valueOf(skew)).toBeGreaterThan(86_400 - 5);
    expect(valueOf(skew)).toBeLessThan(86_400 + 5);
    const lastSeen = valueOf((await scrape(collector.url, 'scribe_server_last_seen_timestamp_seconds'))[0]);
    expect(Math.abs(lastSeen - performance.timeOrigin / 1000 - performance.now() / 1000)).toBeLessThan(10);
    expect(await scrape(collector.url, 'scribe_server_state')).toContain('scribe_server_state{uai="0860021F",server="scribe",state="online"} 1');
  });
});
