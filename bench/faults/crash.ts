// Scenario 2, crash under load: simulated agents (each its own token and keep-alive connection) push heartbeats,
// `startup` events and reports as fast as they are answered, each with a new messageId; the collector is
// `kill -9`ed at random moments and started again on the same database. Events and reports that got no answer
// are resent with the same messageId (what the agent's spool does); heartbeats are never resent (nor are they by
// the agent). At the end, what was acknowledged is compared with what the database holds.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { agentClient, benchDir, heartbeatOf, post, provisionFleet, reportOf, restartableCollector, sleep, startupEventOf, type Agent, type Kind } from './common.ts';

export interface CrashOptions {
  readonly agents: number;
  readonly seconds: number;
  readonly kills: number;
}

export interface CrashResult {
  /** Event and report ids answered 200, plus one heartbeat per agent: the last one answered 200. */
  readonly acknowledged: number;
  /** Of those, found in the database (the id in received_messages; for a heartbeat, that one or a later one as the server's latest). */
  readonly stored: number;
  readonly lost: number;
  /** Ids stored more than once (tables keyed by messageId, report snapshots) or answered `accepted` more than once. */
  readonly storedTwice: number;
  readonly requests: number;
  /** Requests that failed (refused, reset) or were answered 5xx / 429. */
  readonly failed: number;
  /** 4xx answers other than 429: a bug of the bench or the collector. */
  readonly refused: number;
  /** Resends answered `duplicate`: stored before the crash, answer lost. */
  readonly duplicateAnswers: number;
  readonly kills: number;
  /** Events / reports still unanswered when the drain ended (not counted as acknowledged). */
  readonly unansweredAtEnd: number;
  readonly integrity: string;
}

interface Pending {
  readonly kind: Kind;
  readonly id: string;
  readonly sentAtMs: number;
  readonly body: unknown;
}

function nextMessage(a: Agent): Pending {
  const r = Math.random();
  if (r < 0.4) {
    const hb = heartbeatOf(a, 60);
    return { kind: 'heartbeat', id: hb.messageId, sentAtMs: Date.parse(hb.sentAt), body: hb };
  }
  const m = r < 0.8 ? startupEventOf(a) : reportOf(a);
  return { kind: r < 0.8 ? 'event' : 'report', id: m.messageId, sentAtMs: Date.parse(m.sentAt), body: m };
}

export async function runCrash(opts: CrashOptions, log: (line: string) => void): Promise<CrashResult> {
  // The per-token limit is raised: this scenario is about durability, each agent pushes far above its quota.
  const { dir, configFile } = benchDir('crash', { ingestRateLimit: { max: 1_000_000, windowSeconds: 60 } });
  const agents = provisionFleet(dir, opts.agents);
  const collector = await restartableCollector(dir, configFile);

  const acked = new Map<string, Kind>();
  const acceptedTimes = new Map<string, number>();
  const lastHeartbeatAck = new Map<number, { id: string; sentAtMs: number }>();
  let requests = 0;
  let failed = 0;
  let refused = 0;
  let duplicateAnswers = 0;
  let unansweredAtEnd = 0;
  let producing = true;
  let draining = true;

  async function agentLoop(a: Agent): Promise<void> {
    const client = agentClient(collector.url);
    let pending: Pending | null = null;
    let backoffMs = 100;
    while (draining) {
      if (pending === null) {
        if (!producing) break;
        pending = nextMessage(a);
      }
      const res = await post(client, a.token, pending.kind, pending.body);
      requests += 1;
      if (res.status === 200) {
        acked.set(pending.id, pending.kind);
        if (res.outcome === 'accepted') acceptedTimes.set(pending.id, (acceptedTimes.get(pending.id) ?? 0) + 1);
        else duplicateAnswers += 1;
        if (pending.kind === 'heartbeat') lastHeartbeatAck.set(a.index, { id: pending.id, sentAtMs: pending.sentAtMs });
        pending = null;
        backoffMs = 100;
      } else if (res.status === 0 || res.status === 429 || res.status >= 500) {
        failed += 1;
        if (pending.kind === 'heartbeat') pending = null; // heartbeats are never spooled
        // Back off (jittered, doubling up to 2 s) as an agent does, rather than hammering a restarting collector.
        await sleep(backoffMs * (0.5 + Math.random()));
        backoffMs = Math.min(2000, backoffMs * 2);
      } else {
        refused += 1;
        pending = null;
      }
    }
    if (pending !== null && pending.kind !== 'heartbeat') unansweredAtEnd += 1;
    await client.close().catch(() => undefined);
  }

  const t0 = performance.now();
  const loops = agents.map((a) => agentLoop(a));
  const segmentMs = (opts.seconds * 1000) / (opts.kills + 1);
  let kills = 0;
  for (let k = 0; k < opts.kills; k += 1) {
    await sleep(segmentMs * (0.4 + 0.6 * Math.random()));
    await collector.stop('SIGKILL');
    kills += 1;
    log(`  kill -9 #${kills} at ${((performance.now() - t0) / 1000).toFixed(1)} s (${requests} requests so far)`);
    await sleep(300 + Math.random() * 700);
    await collector.start();
  }
  await sleep(Math.max(segmentMs / 2, opts.seconds * 1000 - (performance.now() - t0)));
  producing = false;
  // Let every agent get its spooled message answered, for at most 20 s.
  const drained = Promise.all(loops);
  await Promise.race([drained, sleep(20_000)]);
  draining = false;
  await drained;
  await collector.stop('SIGTERM');

  const db = new Database(join(dir, 'vigie.db'), { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const received = new Map<string, string>();
    for (const r of db.prepare('SELECT message_id AS id, kind FROM received_messages').iterate() as Iterable<{ id: string; kind: string }>) received.set(r.id, r.kind);
    const twiceInDb =
      (db.prepare('SELECT COUNT(*) AS n FROM (SELECT message_id FROM received_messages GROUP BY message_id HAVING COUNT(*) > 1)').get() as { n: number }).n +
      (db.prepare('SELECT COUNT(*) AS n FROM (SELECT message_id FROM report_snapshots GROUP BY message_id HAVING COUNT(*) > 1)').get() as { n: number }).n +
      (db.prepare('SELECT COUNT(*) AS n FROM (SELECT message_id FROM report_latest GROUP BY message_id HAVING COUNT(*) > 1)').get() as { n: number }).n;
    const acceptedTwice = [...acceptedTimes.values()].filter((n) => n > 1).length;
    const latest = new Map<string, number | null>();
    for (const r of db.prepare('SELECT uai, last_heartbeat_sent_at_ms AS at FROM servers').iterate() as Iterable<{ uai: string; at: number | null }>) latest.set(r.uai, r.at);

    let acknowledged = 0;
    let stored = 0;
    for (const [id, kind] of acked) {
      if (kind === 'heartbeat') continue;
      acknowledged += 1;
      if (received.get(id) === kind) stored += 1;
    }
    for (const [index, ack] of lastHeartbeatAck) {
      acknowledged += 1;
      const at = latest.get(agents[index]!.uai);
      if (at != null && at >= ack.sentAtMs) stored += 1;
    }
    return {
      acknowledged,
      stored,
      lost: acknowledged - stored,
      storedTwice: twiceInDb + acceptedTwice,
      requests,
      failed,
      refused,
      duplicateAnswers,
      kills,
      unansweredAtEnd,
      integrity,
    };
  } finally {
    db.close();
  }
}
