// Scenario 7, soak: N simulated agents beat every `intervalSeconds`, spread evenly over the interval, against one
// collector for `minutes`; their requests share a pool of keep-alive connections (an académie's agents each
// keep their own; the collector's per-request work is the same). Measured: heartbeats not acknowledged (non-2xx,
// errors) or acknowledged without the server's last heartbeat moving (read from the database at the end), the
// collector's RSS over time (/proc/<pid>/status, every second), the ingest latency, and the time `GET /metrics`
// takes with 10,000 servers that have all reported (the fleet is always provisioned to 10,000 at least, and the
// servers the soak did not drive send one heartbeat each before the scrape).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Pool } from 'undici';
import { benchDir, heartbeatOf, median, percentile, post, provisionFleet, restartableCollector, round, rssMb, sleep } from './common.ts';

export interface SoakOptions {
  readonly agents: number;
  readonly minutes: number;
  readonly intervalSeconds: number;
  readonly connections: number;
}

export interface SoakResult {
  readonly agents: number;
  readonly heartbeats: number;
  /** Non-2xx answers and failed requests, plus heartbeats acknowledged whose server's last heartbeat did not move. */
  readonly dropped: number;
  readonly notAcknowledged: number;
  readonly lastSeenNotUpdated: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** max(RSS over the second half) − RSS at the half mark (the figure of the goal). */
  readonly rssGrowthMb: number;
  /** Least-squares slope of RSS over the second half × its duration (for comparison). */
  readonly rssSlopeGrowthMb: number;
  readonly rssStartMb: number;
  readonly rssHalfMb: number;
  readonly rssEndMb: number;
  readonly metricsServers: number;
  readonly metricsRenderMs: number;
  /** Three timed scrapes after a first one (warm-up); the figure is their median. */
  readonly metricsRenderRunsMs: readonly number[];
  readonly metricsBytes: number;
}

const METRICS_SERVERS = 10_000;

export async function runSoak(opts: SoakOptions, log: (line: string) => void): Promise<SoakResult> {
  const { dir, configFile } = benchDir('soak', {});
  const fleet = provisionFleet(dir, Math.max(METRICS_SERVERS, opts.agents));
  const agents = fleet.slice(0, opts.agents);
  const collector = await restartableCollector(dir, configFile);
  const pid = collector.current().proc.pid!;
  const pool = new Pool(collector.url, { connections: opts.connections, pipelining: 1 });

  const latencies: number[] = [];
  /** Heartbeats slower than a second, by the second of the run they were sent in. */
  const slow = new Map<number, number>();
  const lastAck = new Map<number, number>();
  let notAcknowledged = 0;
  const inFlight = new Set<Promise<void>>();
  const intervalMs = opts.intervalSeconds * 1000;
  const durationMs = opts.minutes * 60_000;

  const beat = (i: number): void => {
    const a = agents[i]!;
    const hb = heartbeatOf(a, opts.intervalSeconds);
    const sentAt = Math.floor((performance.now() - t0) / 1000);
    const p = post(pool, a.token, 'heartbeat', hb).then((res) => {
      latencies.push(res.ms);
      if (res.ms > 1000) slow.set(sentAt, (slow.get(sentAt) ?? 0) + 1);
      if (res.status === 200) lastAck.set(i, Date.parse(hb.sentAt));
      else notAcknowledged += 1;
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const rss: { t: number; mb: number }[] = [];
  const t0 = performance.now();
  const sampler = setInterval(() => rss.push({ t: performance.now() - t0, mb: rssMb(pid) }), 1000);
  rss.push({ t: 0, mb: rssMb(pid) });
  log(`  ${opts.agents} agents, a heartbeat every ${opts.intervalSeconds} s each, for ${opts.minutes} min (${opts.connections} pooled connections)`);
  // Agent i beats at i/N of the interval, then every interval: the k-th beat overall is due at k × interval / N.
  let fired = 0;
  let nextReport = 60_000;
  for (;;) {
    const elapsed = performance.now() - t0;
    if (elapsed >= durationMs) break;
    const due = Math.floor((elapsed * opts.agents) / intervalMs) + 1;
    for (; fired < due; fired += 1) beat(fired % opts.agents);
    if (elapsed >= nextReport) {
      log(`  ${Math.round(elapsed / 1000)} s: ${latencies.length} answered, ${notAcknowledged} not acknowledged, RSS ${rss.at(-1)!.mb.toFixed(1)} MB`);
      nextReport += 60_000;
    }
    await sleep(5);
  }
  clearInterval(sampler);
  rss.push({ t: performance.now() - t0, mb: rssMb(pid) });
  await Promise.all(inFlight);
  if (slow.size > 0) log(`  heartbeats over 1 s, by second of the run sent in: ${[...slow].map(([sec, n]) => `${sec} s: ${n}`).join(', ')}`);

  // RSS over time (min–max per tenth of the run), then over the second half.
  const tenth = durationMs / 10;
  const windows = Array.from({ length: 10 }, (_, k) => rss.filter((x) => x.t >= k * tenth && x.t < (k + 1) * tenth).map((x) => x.mb)).filter((w) => w.length > 0);
  log(`  collector RSS per tenth of the run (min–max MB): ${windows.map((w) => `${Math.min(...w).toFixed(0)}–${Math.max(...w).toFixed(0)}`).join(', ')}`);
  const halfT = durationMs / 2;
  const second = rss.filter((s) => s.t >= halfT);
  const atHalf = second[0]!;
  const rssGrowthMb = Math.max(...second.map((s) => s.mb)) - atHalf.mb;
  const mt = second.reduce((x, s) => x + s.t, 0) / second.length;
  const mm = second.reduce((x, s) => x + s.mb, 0) / second.length;
  const slope = second.reduce((x, s) => x + (s.t - mt) * (s.mb - mm), 0) / Math.max(1e-9, second.reduce((x, s) => x + (s.t - mt) ** 2, 0));

  // Every other server of the 10,000 reports once, then /metrics is timed.
  const rest = fleet.slice(opts.agents);
  let fillFailed = 0;
  for (let i = 0; i < rest.length; i += opts.connections * 2) {
    const batch = rest.slice(i, i + opts.connections * 2);
    const results = await Promise.all(batch.map((a) => post(pool, a.token, 'heartbeat', heartbeatOf(a, opts.intervalSeconds))));
    fillFailed += results.filter((r) => r.status !== 200).length;
  }
  if (fillFailed > 0) log(`  warning: ${fillFailed} of the other servers' heartbeats were not acknowledged`);
  const runs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 4; i += 1) {
    const t = performance.now();
    const res = await pool.request({ method: 'GET', path: '/metrics' });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`);
    if (i > 0) runs.push(round(performance.now() - t, 1)); // the first one warms up
    bytes = text.length;
  }
  await pool.close();
  await collector.stop('SIGTERM');

  const db = new Database(join(dir, 'vigie.db'), { readonly: true, fileMustExist: true });
  let lastSeenNotUpdated = 0;
  try {
    const row = db.prepare('SELECT last_heartbeat_sent_at_ms AS at, last_seen_at_ms AS seen FROM servers WHERE uai = ?');
    for (const [i, sentAtMs] of lastAck) {
      const r = row.get(agents[i]!.uai) as { at: number | null; seen: number | null } | undefined;
      if (r?.at == null || r.seen == null || r.at < sentAtMs) lastSeenNotUpdated += 1;
    }
  } finally {
    db.close();
  }
  const sorted = [...latencies].sort((x, y) => x - y);
  return {
    agents: opts.agents,
    heartbeats: latencies.length,
    dropped: notAcknowledged + lastSeenNotUpdated,
    notAcknowledged,
    lastSeenNotUpdated,
    p50Ms: round(percentile(sorted, 0.5), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
    rssGrowthMb: round(rssGrowthMb, 1),
    rssSlopeGrowthMb: round(slope * (durationMs - halfT), 1),
    rssStartMb: round(rss[0]!.mb, 1),
    rssHalfMb: round(atHalf.mb, 1),
    rssEndMb: round(rss.at(-1)!.mb, 1),
    metricsServers: fleet.length,
    metricsRenderMs: round(median(runs), 1),
    metricsRenderRunsMs: runs,
    metricsBytes: bytes,
  };
}
