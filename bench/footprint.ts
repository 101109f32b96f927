// Agent footprint, in one run and over the same time each: the packaged agent (the Debian package's
// /usr/bin/vigie-agent: the bundle under its own node, as `npm run package:agent` builds it; heartbeats every
// second, so it is busier than in production), an empty program packaged the same way (that node, the same
// flags, a script that only keeps a timer), and prometheus-node-exporter scraped every second: resident memory
// and CPU time.
//
//   npm run bench:footprint [-- --seconds 30]
//
// Prints a table, then as its last line a JSON object with the three figures, the agent's RSS above the empty
// program's (the goal: at most 10 MB) and the ratios to node_exporter.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cachedAgentPackage, NODE_FLAGS } from '../scripts/lib/agent-package.ts';
import { enrolWithCli, makeAgentRoot, startCollectorProcess, waitFor } from '../test/helpers/processes.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' } } });
const SECONDS = Number(values.seconds);
const TICKS = 100; // USER_HZ on Linux

interface Footprint {
  readonly rssMb: number;
  readonly peakRssMb: number;
  readonly cpuSeconds: number;
}

function sample(pid: number): { rssKb: number; hwmKb: number; cpuTicks: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)![1]),
    hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)![1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
  };
}

/** Measures a process over SECONDS while `tick` runs every second (a scrape, for node_exporter). */
async function measure(pid: number, tick: () => Promise<void>): Promise<Footprint> {
  await new Promise((r) => setTimeout(r, 2000)); // past start-up
  const start = sample(pid);
  for (let i = 0; i < SECONDS; i++) {
    await Promise.all([tick(), new Promise((r) => setTimeout(r, 1000))]);
  }
  const end = sample(pid);
  return {
    rssMb: Number((end.rssKb / 1024).toFixed(1)),
    peakRssMb: Number((end.hwmKb / 1024).toFixed(1)),
    cpuSeconds: Number(((end.cpuTicks - start.cpuTicks) / TICKS).toFixed(2)),
  };
}

function stopped(proc: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return done();
    proc.once('exit', () => done());
    proc.kill('SIGTERM');
  });
}

const pkg = await cachedAgentPackage();

// The empty program, under the package's node with the package's flags.
const emptyScript = join(mkdtempSync(join(tmpdir(), 'vigie-empty-')), 'empty.mjs');
writeFileSync(emptyScript, 'setInterval(() => {}, 1000);\n');
const empty = spawn(join(pkg.libDir, 'node'), [...NODE_FLAGS, emptyScript], { stdio: 'ignore' });
const emptyRuntime = await measure(empty.pid!, async () => undefined);
await stopped(empty);

const collector = await startCollectorProcess();
const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
const agent = spawn(pkg.bin, ['run'], {
  env: {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    VIGIE_COLLECTOR_URL: collector.url,
    VIGIE_TOKEN: token,
    VIGIE_ROOT_DIR: makeAgentRoot(),
    VIGIE_HEARTBEAT_INTERVAL_SECONDS: '1',
    VIGIE_HEARTBEAT_JITTER_RATIO: '0',
    VIGIE_REQUEST_TIMEOUT_MS: '900',
    VIGIE_LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
await waitFor('the agent to start', () => (agent.pid ? true : undefined));
const vigie = await measure(agent.pid!, async () => undefined);
await stopped(agent);
await collector.stop();

const port = 19_100 + Math.floor(Math.random() * 800);
const exporter = spawn('/usr/bin/prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
await waitFor('node_exporter', async () => ((await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined))?.ok ? true : undefined));
const nodeExporter = await measure(exporter.pid!, async () => {
  await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
});
exporter.kill('SIGTERM');

const row = (name: string, f: Footprint) =>
  `${name.padEnd(22)} ${String(f.rssMb).padStart(8)} ${String(f.peakRssMb).padStart(9)} ${String(f.cpuSeconds).padStart(8)}`;
process.stdout.write(`footprint over ${SECONDS} s (agent beating every 1 s; node_exporter scraped every 1 s)\n`);
process.stdout.write(`${'process'.padEnd(22)} ${'RSS MB'.padStart(8)} ${'peak MB'.padStart(9)} ${'CPU s'.padStart(8)}\n`);
process.stdout.write(`${row('vigie-agent (package)', vigie)}\n${row('empty (same runtime)', emptyRuntime)}\n${row('node_exporter', nodeExporter)}\n`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'footprint',
    seconds: SECONDS,
    package: pkg.deb.replace(/^.*\//, ''),
    nodeFlags: NODE_FLAGS,
    vigieAgent: vigie,
    emptyRuntime,
    nodeExporter,
    aboveEmptyMb: Number((vigie.rssMb - emptyRuntime.rssMb).toFixed(1)),
    rssRatio: Number((vigie.rssMb / nodeExporter.rssMb).toFixed(2)),
    cpuRatio: nodeExporter.cpuSeconds > 0 ? Number((vigie.cpuSeconds / nodeExporter.cpuSeconds).toFixed(2)) : null,
  })}\n`,
);
