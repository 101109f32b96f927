// Agent footprint: the Vigie agent (heartbeats every second, so it is busier than in production) side by side
// with prometheus-node-exporter scraped every second, over the same time: resident memory and CPU time.
//
//   npm run bench:footprint [-- --seconds 30]
//
// Prints a table, then as its last line a JSON object with both figures and their ratios.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { enrolWithCli, makeAgentRoot, startAgentProcess, startCollectorProcess, waitFor } from '../test/helpers/processes.ts';

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

const collector = await startCollectorProcess();
const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
const agentBin = process.env['VIGIE_AGENT_BIN'];
const agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir: makeAgentRoot(), ...(agentBin ? { bin: agentBin } : {}) });
await waitFor('the agent to beat', () => (agent.proc.pid ? true : undefined));
const vigie = await measure(agent.proc.pid!, async () => undefined);
await agent.stop();
await collector.stop();

const port = 19_100 + Math.floor(Math.random() * 800);
const exporter = spawn('/usr/bin/prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
await waitFor('node_exporter', async () => ((await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined))?.ok ? true : undefined));
const nodeExporter = await measure(exporter.pid!, async () => {
  await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
});
exporter.kill('SIGTERM');

const row = (name: string, f: Footprint) =>
  `${name.padEnd(15)} ${String(f.rssMb).padStart(8)} ${String(f.peakRssMb).padStart(9)} ${String(f.cpuSeconds).padStart(8)}`;
process.stdout.write(`footprint over ${SECONDS} s (agent beating every 1 s; node_exporter scraped every 1 s)\n`);
process.stdout.write(`${'process'.padEnd(15)} ${'RSS MB'.padStart(8)} ${'peak MB'.padStart(9)} ${'CPU s'.padStart(8)}\n`);
process.stdout.write(`${row('vigie-agent', vigie)}\n${row('node_exporter', nodeExporter)}\n`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'footprint',
    seconds: SECONDS,
    vigieAgent: vigie,
    nodeExporter,
    rssRatio: Number((vigie.rssMb / nodeExporter.rssMb).toFixed(2)),
    cpuRatio: nodeExporter.cpuSeconds > 0 ? Number((vigie.cpuSeconds / nodeExporter.cpuSeconds).toFixed(2)) : null,
  })}\n`,
);
