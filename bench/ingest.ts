// Heartbeat ingest: the Vigie collector (auth + schema validation + SQLite write per push) side by side with
// the Prometheus Pushgateway (no auth, no validation beyond the text format, in memory) receiving the same
// per-server figures, driven by the same HTTP client on this machine.
//
//   npm run bench:ingest [-- --seconds 10 --connections 32 --servers 200] [--store pg]
//
// With `--store pg`, a third row: two collector processes sharing one real PostgreSQL (started here, durable:
// fsync on), the connections split between them, the same heartbeats.
//
// Prints a table, then as its last line a JSON object with both figures and their ratios.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { enrolServer } from '../collector/enrolment.ts';
import { openDatabase } from '../collector/storage/database.ts';
import { createStore, type Store } from '../collector/storage/store.ts';
import { openPgStore } from '../collector/storage/open-store.ts';
import { startPostgres } from '../test/helpers/postgres.ts';
import { checkUai, uaiCheckLetter } from '../shared/uai.ts';
import { aHeartbeat } from '../shared/testing/messages.ts';
import { startCollectorProcess, waitFor, type CollectorProcess } from '../test/helpers/processes.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    servers: { type: 'string', default: '200' },
    store: { type: 'string', default: 'sqlite' },
  },
});
if (values.store !== 'sqlite' && values.store !== 'pg') throw new Error(`--store: expected sqlite or pg, got '${values.store}'`);
const WITH_PG = values.store === 'pg';
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const SERVERS = Number(values.servers);

interface Result {
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rssMb: number;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * Runs `CONNECTIONS` loops for `SECONDS`, each sending `next(i)` requests, and measures latencies. With several
 * origins (collectors sharing one database) the connections are spread over them; RSS is the largest process's.
 */
async function drive(origins: string[], pids: number[], next: (i: number) => { method: 'POST' | 'PUT'; path: string; headers: Record<string, string>; body: string }): Promise<Result> {
  const pools = origins.map((o) => new Pool(o, { connections: Math.ceil(CONNECTIONS / origins.length), pipelining: 1 }));
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      const pool = pools[c % pools.length]!;
      while (performance.now() < end) {
        const req = next(counter++);
        const t0 = performance.now();
        const res = await pool.request(req);
        await res.body.text();
        if (res.statusCode >= 300) errors += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await Promise.all(pools.map((p) => p.close()));
  const pid = pids.reduce((a, b) => (rssMb(b) > rssMb(a) ? b : a));
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: Math.round(latencies.length / SECONDS),
    p50Ms: Number(percentile(latencies, 0.5).toFixed(2)),
    p99Ms: Number(percentile(latencies, 0.99).toFixed(2)),
    rssMb: Number(rssMb(pid).toFixed(1)),
  };
}

/** A fleet of valid identities: UAIs 0860001x… with correct check letters. */
function fleet(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const digits = String(860_001 + i).padStart(7, '0');
    const uai = `${digits}${uaiCheckLetter(digits)}`;
    if (!checkUai(uai).ok) throw new Error(uai);
    return uai;
  });
}

/**
 * Each of the 200 servers pushes hundreds of times a second here, far past the per-token limit (120 a minute)
 * meant for real agents: the limit is lifted so the bench measures ingest, not 429s (bench:faults measures it).
 */
const NO_RATE_LIMIT = { VIGIE_COLLECTOR_INGEST_RATE_MAX: '1000000' };

async function enrolFleet(store: Store): Promise<{ uais: string[]; tokens: string[] }> {
  const uais = fleet(SERVERS);
  const tokens: string[] = [];
  for (const uai of uais) tokens.push((await enrolServer(store, { uai, machine: 'scribe', name: `Collège ${uai}` }, new Date(0))).token);
  await store.close();
  return { uais, tokens };
}

async function driveHeartbeats(collectors: CollectorProcess[], uais: string[], tokens: string[]): Promise<Result> {
  const t0 = Date.parse('2025-07-10T08:00:00Z');
  return drive(collectors.map((c) => c.url), collectors.map((c) => c.proc.pid!), (i) => {
    const s = i % SERVERS;
    const hb = aHeartbeat({ server: { uai: uais[s]!, machine: 'scribe' }, messageId: randomUUID(), sentAt: new Date(t0 + i).toISOString() });
    return { method: 'POST', path: '/api/v1/heartbeat', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[s]}` }, body: JSON.stringify(hb) };
  });
}

async function benchVigie(): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-ingest-'));
  const { uais, tokens } = await enrolFleet(createStore(openDatabase(join(dir, 'vigie.db'))));
  const collector = await startCollectorProcess({ dir, env: NO_RATE_LIMIT });
  try {
    return await driveHeartbeats([collector], uais, tokens);
  } finally {
    await collector.stop();
  }
}

/** Two collectors on one PostgreSQL (fsync on, as in production). */
async function benchVigiePg(): Promise<Result> {
  const pg = await startPostgres({ fast: process.env.BENCH_PG_FAST === "1" });
  try {
    const url = await pg.createDatabase('vigie_bench');
    const { uais, tokens } = await enrolFleet(await openPgStore(url));
    const env = { ...NO_RATE_LIMIT, VIGIE_COLLECTOR_DATABASE_URL: url };
    const collectors = [await startCollectorProcess({ env: { ...env, VIGIE_COLLECTOR_INSTANCE_ID: 'bench-a' } }), await startCollectorProcess({ env: { ...env, VIGIE_COLLECTOR_INSTANCE_ID: 'bench-b' } })];
    try {
      return await driveHeartbeats(collectors, uais, tokens);
    } finally {
      for (const c of collectors) await c.stop();
    }
  } finally {
    await pg.stop();
  }
}

/** The same figures as Pushgateway text, one group per server. */
function pushBody(i: number): string {
  const hb = aHeartbeat();
  return [
    `scribe_server_uptime_seconds ${hb.uptimeSeconds + i}`,
    `scribe_server_boot_timestamp_seconds ${Date.parse(hb.bootTime) / 1000}`,
    `scribe_server_load1 ${hb.load.load1}`,
    `scribe_server_load5 ${hb.load.load5}`,
    `scribe_server_load15 ${hb.load.load15}`,
    `scribe_server_memory_total_bytes ${hb.memory.totalBytes}`,
    `scribe_server_memory_available_bytes ${hb.memory.availableBytes}`,
    ...hb.filesystems.flatMap((f) => [
      `scribe_filesystem_size_bytes{mountpoint="${f.mount}"} ${f.sizeBytes}`,
      `scribe_filesystem_avail_bytes{mountpoint="${f.mount}"} ${f.availBytes}`,
    ]),
    '',
  ].join('\n');
}

async function benchPushgateway(): Promise<Result> {
  const port = 19_000 + Math.floor(Math.random() * 1000);
  const proc: ChildProcess = spawn('/usr/bin/prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitFor('pushgateway', async () => ((await fetch(`${origin}/-/ready`).catch(() => undefined))?.ok ? true : undefined), 10_000);
    const uais = fleet(SERVERS);
    return await drive([origin], [proc.pid!], (i) => ({
      method: 'PUT',
      path: `/metrics/job/scribe/uai/${uais[i % SERVERS]}/server/scribe`,
      headers: { 'content-type': 'text/plain; version=0.0.4' },
      body: pushBody(i),
    }));
  } finally {
    proc.kill('SIGTERM');
  }
}

const vigie = await benchVigie();
const vigiePg = WITH_PG ? await benchVigiePg() : undefined;
const pushgateway = await benchPushgateway();
const row = (name: string, r: Result) =>
  `${name.padEnd(12)} ${String(r.perSecond).padStart(8)} ${String(r.p50Ms).padStart(8)} ${String(r.p99Ms).padStart(8)} ${String(r.rssMb).padStart(8)} ${String(r.errors).padStart(7)}`;
process.stdout.write(`heartbeat ingest, ${CONNECTIONS} connections, ${SERVERS} servers, ${SECONDS} s each\n`);
process.stdout.write(`${'peer'.padEnd(12)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'RSS MB'.padStart(8)} ${'errors'.padStart(7)}\n`);
process.stdout.write(`${row('vigie', vigie)}\n${vigiePg ? `${row('vigie-pg×2', vigiePg)}\n` : ''}${row('pushgateway', pushgateway)}\n`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'ingest',
    seconds: SECONDS,
    connections: CONNECTIONS,
    servers: SERVERS,
    vigie,
    ...(vigiePg ? { vigiePostgres2: vigiePg, postgresThroughputRatio: Number((vigiePg.perSecond / pushgateway.perSecond).toFixed(3)) } : {}),
    pushgateway,
    throughputRatio: Number((vigie.perSecond / pushgateway.perSecond).toFixed(3)),
    p99Ratio: Number((vigie.p99Ms / pushgateway.p99Ms).toFixed(3)),
  })}\n`,
);

