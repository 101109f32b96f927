/**
 * The disk spool with real processes: a report survives `kill -9` and arrives once after the restart; a
 * shutdown announced while the collector is unreachable is delivered at the next start and the collector
 * still classes the outage as an announced shutdown.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolWithCli, makeAgentRoot, scrape, startAgentProcess, startCollectorProcess, waitFor, type RunningProcess } from '../../../helpers/processes.ts';

const ADMIN = 'e2e-admin-token-0123456789';
const running: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).reverse().map((p) => p.stop('SIGKILL')));
});

const spooled = (stateDir: string) => readdirSync(join(stateDir, 'spool')).filter((f) => f.endsWith('.json'));

async function collectorWithServer() {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-e2e-spool-'));
  const collector = await startCollectorProcess({ dir, env: { VIGIE_COLLECTOR_ADMIN_TOKEN: ADMIN } });
  running.push(collector);
  const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
  const port = Number(new URL(collector.url).port);
  const restart = async () => {
    const again = await startCollectorProcess({ dir, port, env: { VIGIE_COLLECTOR_ADMIN_TOKEN: ADMIN } });
    running.push(again);
    return again;
  };
  return { collector, token, restart };
}

async function pushes(url: string, kind: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const l of await scrape(url, 'vigie_pushes_total')) {
    const m = new RegExp(`kind="${kind}",outcome="([a-z_]+)"[^ ]* ([0-9]+)$`).exec(l);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

describe('agent spool (real processes)', () => {
  it('kill -9 with an unsent report, restart: the report arrives once (catch-up scan at the first start)', async () => {
    const { collector, token, restart } = await collectorWithServer();
    await collector.stop(); // unreachable when the scan finishes
    const rootDir = makeAgentRoot();
    const stateDir = mkdtempSync(join(tmpdir(), 'vigie-state-'));
    // Never scanned (no state.json): the catch-up scan runs at once (delay bound 0 for the test).
    const env = { VIGIE_SCAN_CATCH_UP_DELAY_SECONDS: '0', VIGIE_SCAN_CRON: '0 0 3 1 1 *' };
    const first = startAgentProcess({ collectorUrl: collector.url, token, rootDir, stateDir, env });
    running.push(first);
    await waitFor('the catch-up scan', () => first.lines.find((l) => l.includes('catch-up scan scheduled')));
    await waitFor('the report to be spooled', () => first.lines.find((l) => l.includes('report not delivered, kept for a later try')), 30_000);
    await first.stop('SIGKILL');
    expect(spooled(stateDir).filter((f) => f.includes('-report-'))).toHaveLength(1);

    const again = await restart();
    const second = startAgentProcess({ collectorUrl: again.url, token, rootDir, stateDir, env });
    running.push(second);
    await waitFor('the report in /metrics', async () => (await scrape(again.url, 'scribe_report_timestamp_seconds'))[0], 20_000);
    await waitFor('a few heartbeats after it', async () => ((await pushes(again.url, 'heartbeat'))['accepted'] ?? 0) >= 3 || undefined);
    expect(await pushes(again.url, 'report')).toEqual({ accepted: 1 });
    expect(second.lines.some((l) => l.includes('catch-up scan scheduled'))).toBe(false); // state.json remembers the scan
    expect(spooled(stateDir)).toEqual([]);
  }, 90_000);

  it('SIGTERM while the collector is unreachable: the shutdown is sent at the next start, outage cause "shutdown"', async () => {
    const { collector, token, restart } = await collectorWithServer();
    const rootDir = makeAgentRoot();
    const stateDir = mkdtempSync(join(tmpdir(), 'vigie-state-'));
    const agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir, stateDir });
    running.push(agent);
    await waitFor('heartbeats', async () => ((await pushes(collector.url, 'heartbeat'))['accepted'] ?? 0) >= 2 || undefined);

    await collector.stop(); // the network is gone before the agent is told to stop
    const stoppedAt = Date.now();
    expect(await agent.stop('SIGTERM')).toBe(0);
    expect(agent.lines.some((l) => l.includes('shutdown event kept in the spool'))).toBe(true);
    expect(spooled(stateDir).filter((f) => f.includes('-event-'))).toHaveLength(1);

    const again = await restart();
    await new Promise((r) => setTimeout(r, 4000)); // the server stays silent a while: judged offline meanwhile
    const next = startAgentProcess({ collectorUrl: again.url, token, rootDir, stateDir });
    running.push(next);
    let last: unknown;
    const detail = await waitFor('the outage to be closed', async () => {
      const res = await fetch(`${again.url}/api/v1/servers/0860021F/scribe`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const body = (await res.json()) as { state: string; outages: { cause: string; startedAt: string; endedAt: string | null }[] };
      last = body;
      return body.state === 'online' && body.outages.length > 0 && body.outages.every((o) => o.endedAt !== null) ? body : undefined;
    }).catch((err: unknown) => {
      throw new Error(`${String(err)}\nlast view: ${JSON.stringify(last)}\nagent:\n${next.lines.join('\n')}`);
    });
    expect(detail.outages.map((o) => o.cause)).toEqual(['shutdown']);
    expect(Date.parse(detail.outages[0]!.startedAt)).toBeLessThanOrEqual(stoppedAt + 1000);
    await waitFor('the spool to be empty', () => spooled(stateDir).length === 0 || undefined);
  }, 90_000);
});
