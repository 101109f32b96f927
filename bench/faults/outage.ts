// Scenario 3, the collector's own outage: inside a maintenance window and with short heartbeat intervals, every
// agent keeps beating while the collector is killed (kill -9) and stays down; then it starts again on the same
// database. The agents stayed up the whole time, so any outage, down notice or reminder recorded for them is a
// false alert (the start-up grace must cover the heartbeats lost while the collector was down). Meanwhile each
// simulated agent spools what it produced during the outage (a nightly report, and a `startup` event: its process
// restarted for an upgrade, the server did not), and replays it on return, as the agent's spool does. One real
// agent (`vigie-agent run`, its own spool) beats alongside them.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { makeAgentRoot, scrape, startAgentProcess } from '../../test/helpers/processes.ts';
import { agentClient, benchDir, dayFromToday, heartbeatOf, post, provisionFleet, reportOf, restartableCollector, sleep, startupEventOf, type Agent, type Kind } from './common.ts';

export interface OutageOptions {
  readonly agents: number;
  readonly intervalSeconds: number;
  /** How long the collector stays down. */
  readonly outageSeconds: number;
}

export interface OutageResult {
  /** Servers with an outage, or a down / reminder notice, recorded (none went down). */
  readonly falseAlerts: number;
  readonly outages: number;
  readonly downNotices: number;
  /** Outages the availability report (`GET /api/v1/reports/availability?format=json`) counts. */
  readonly reportOutages: number;
  /** Messages spooled during the outage, and how many of them are in the database. */
  readonly spooled: number;
  readonly spooledStored: number;
  readonly heartbeatsFailed: number;
  readonly realAgent: boolean;
  /** Servers online (scribe_server_state) just before the kill and at the end: the scenario means something only if all are. */
  readonly onlineBefore: number;
  readonly onlineAfter: number;
  /** Seconds the restart took (spawn → listening), and the start-up grace it got (one offline delay). */
  readonly restartSeconds: number;
  readonly graceSeconds: number;
  /** When the false outages were detected, in seconds after the collector listened again (min, max). */
  readonly falseAlertsDetectedAfterS: readonly [number, number] | null;
}

const onlineCount = async (url: string) => (await scrape(url, 'scribe_server_state')).filter((l) => l.includes('state="online"') && l.endsWith(' 1')).length;

interface Spooled {
  readonly kind: Kind;
  readonly id: string;
  readonly body: unknown;
}

/** The fixture's identity of the real agent (test/fixtures/eole/config-2.8.eol): index 20 of the fleet. */
const REAL_AGENT_INDEX = 20;

export async function runOutage(opts: OutageOptions, log: (line: string) => void): Promise<OutageResult> {
  const adminToken = randomBytes(24).toString('hex');
  const { dir, configFile } = benchDir('outage', {
    adminToken,
    liveness: {
      offlineAfterHeartbeats: 3,
      sweepInterval: '250ms',
      windows: [{ name: 'Bascule bench', from: dayFromToday(-1), to: dayFromToday(1) }],
    },
  });
  const agents = provisionFleet(dir, opts.agents);
  const collector = await restartableCollector(dir, configFile);
  const intervalMs = opts.intervalSeconds * 1000;

  let running = true;
  let heartbeatsFailed = 0;
  const spools = new Map<number, Spooled[]>();
  const spooledIds = new Set<string>();

  async function agentLoop(a: Agent): Promise<void> {
    const client = agentClient(collector.url);
    const spool: Spooled[] = [];
    spools.set(a.index, spool);
    await sleep((a.index / agents.length) * intervalMs);
    while (running) {
      const due = performance.now() + intervalMs;
      const hb = await post(client, a.token, 'heartbeat', heartbeatOf(a, opts.intervalSeconds));
      if (hb.status !== 200) heartbeatsFailed += 1;
      // Replay the spool in order; stop at the first failure (as the agent does).
      while (spool.length > 0) {
        const m = spool[0]!;
        const res = await post(client, a.token, m.kind, m.body);
        if (res.status !== 200) break;
        spool.shift();
      }
      await sleep(Math.max(0, due - performance.now()));
    }
    await client.close().catch(() => undefined);
  }

  const sims = agents.filter((a) => a.index !== REAL_AGENT_INDEX);
  const real = agents[REAL_AGENT_INDEX];
  const realAgent =
    real === undefined
      ? undefined
      : startAgentProcess({
          collectorUrl: collector.url,
          token: real.token,
          rootDir: makeAgentRoot(),
          env: { VIGIE_HEARTBEAT_INTERVAL_SECONDS: String(opts.intervalSeconds), VIGIE_SCAN_ENABLED: 'false', VIGIE_UPS_ENABLED: 'false', VIGIE_REQUEST_TIMEOUT_MS: String(Math.min(1500, intervalMs - 100)) },
        });
  const loops = sims.map((a) => agentLoop(a));

  const before = Math.max(10, 4 * opts.intervalSeconds);
  await sleep(before * 1000);
  const onlineBefore = await onlineCount(collector.url);
  await collector.stop('SIGKILL');
  log(`  collector killed; down for ${opts.outageSeconds} s while ${agents.length} agents keep beating every ${opts.intervalSeconds} s`);
  // Each simulated agent produces a report and restarts its process at a random moment of the outage.
  const producers = sims.map(async (a) => {
    await sleep(Math.random() * opts.outageSeconds * 900);
    for (const m of [{ kind: 'report' as const, body: reportOf(a) }, { kind: 'event' as const, body: startupEventOf(a) }]) {
      spools.get(a.index)!.push({ kind: m.kind, id: m.body.messageId, body: m.body });
      spooledIds.add(m.body.messageId);
    }
  });
  await sleep(opts.outageSeconds * 1000);
  await Promise.all(producers);
  await collector.start();
  const backAtMs = Date.now();
  log(`  collector back (its start took ${collector.lastStartSeconds().toFixed(1)} s)`);
  // Past the start-up grace (one offline delay) and a few beats more.
  await sleep(Math.max(15, 3 * 3 * opts.intervalSeconds) * 1000);
  const onlineAfter = await onlineCount(collector.url);
  running = false;
  await Promise.all(loops);
  await realAgent?.stop('SIGKILL');

  const res = await fetch(`${collector.url}/api/v1/reports/availability?window=${encodeURIComponent('Bascule bench')}&format=json`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (!res.ok) throw new Error(`availability report: HTTP ${res.status} ${await res.text()}`);
  const report = (await res.json()) as { fleet: { outageCount: number } };
  await collector.stop('SIGTERM');

  const db = new Database(join(dir, 'vigie.db'), { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const detected = db.prepare('SELECT MIN(detected_at_ms) AS lo, MAX(detected_at_ms) AS hi FROM outages').get() as { lo: number | null; hi: number | null };
    const received = new Set((db.prepare('SELECT message_id AS id FROM received_messages').all() as { id: string }[]).map((r) => r.id));
    return {
      falseAlerts: n(
        "SELECT COUNT(DISTINCT server_id) AS n FROM (SELECT server_id FROM outages UNION ALL SELECT server_id FROM notices WHERE kind IN ('down', 'reminder'))",
      ),
      outages: n('SELECT COUNT(*) AS n FROM outages'),
      downNotices: n("SELECT COUNT(*) AS n FROM notices WHERE kind IN ('down', 'reminder')"),
      reportOutages: report.fleet.outageCount,
      spooled: spooledIds.size,
      spooledStored: [...spooledIds].filter((id) => received.has(id)).length,
      heartbeatsFailed,
      realAgent: realAgent !== undefined,
      onlineBefore,
      onlineAfter,
      restartSeconds: Number(collector.lastStartSeconds().toFixed(1)),
      graceSeconds: 3 * opts.intervalSeconds,
      falseAlertsDetectedAfterS: detected.lo === null || detected.hi === null ? null : [(detected.lo - backAtMs) / 1000, (detected.hi - backAtMs) / 1000],
    };
  } finally {
    db.close();
  }
}
