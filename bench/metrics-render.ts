// GET /metrics at 10,000 servers, alone (the soak of `npm run bench:faults` measures it only after its run):
// a fleet provisioned as bench/faults/common.ts does, one heartbeat each through the real ingest path, then one
// warm-up scrape and `--runs` timed ones against the collector process; prints their median.
//
//   npm run bench:metrics [-- --servers 10000 --runs 5 --out /tmp/metrics.txt --keep]
import { rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { benchDir, benchDirs, heartbeatOf, median, post, provisionFleet, restartableCollector, round } from './faults/common.ts';

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const servers = Number(values.servers);
const connections = Number(values.connections);
const log = (line: string) => process.stdout.write(`${line}\n`);

const { dir, configFile } = benchDir('metrics', {});
const fleet = provisionFleet(dir, servers);
const collector = await restartableCollector(dir, configFile);
const pool = new Pool(collector.url, { connections, pipelining: 1 });
try {
  let failed = 0;
  for (let i = 0; i < fleet.length; i += connections * 2) {
    const batch = fleet.slice(i, i + connections * 2);
    const results = await Promise.all(batch.map((a) => post(pool, a.token, 'heartbeat', heartbeatOf(a, 10))));
    failed += results.filter((r) => r.status !== 200).length;
  }
  if (failed > 0) log(`warning: ${failed} heartbeats not acknowledged`);
  const runs: number[] = [];
  let body = '';
  for (let i = 0; i <= Number(values.runs); i += 1) {
    const t = performance.now();
    const res = await pool.request({ method: 'GET', path: '/metrics' });
    body = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`);
    if (i > 0) runs.push(round(performance.now() - t, 1)); // the first one warms up
  }
  if (values.out !== undefined) writeFileSync(values.out, body);
  const series = body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  log(`GET /metrics at ${servers} servers: median ${round(median(runs), 1)} ms of ${JSON.stringify(runs)}, ${series} series, ${(body.length / 1e6).toFixed(1)} MB`);
  log(JSON.stringify({ servers, metricsRenderMs: round(median(runs), 1), runsMs: runs, series, bytes: body.length }));
} finally {
  await pool.close();
  await collector.stop('SIGTERM');
  if (values.keep) log(`kept ${benchDirs.join(' ')}`);
  else for (const d of benchDirs) rmSync(d, { recursive: true, force: true });
}
