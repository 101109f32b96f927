// Scenario 6, one agent floods: N normal agents beat every second (each its own token and keep-alive connection)
// and their heartbeat latency is measured alone (baseline) and while one more agent, in its own process, sends
// heartbeats on its one keep-alive connection as fast as they are answered; both alternate `rounds` times so that
// the machine's background load weighs on both alike. The per-token rate limit
// (`ingestRateLimit`, default 120 per 60 s) answers it 429 before authentication; the goal is that the others
// barely notice: p99 under flood ≤ 1.5 × the baseline p99.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { agentClient, benchDir, heartbeatOf, percentile, post, provisionFleet, restartableCollector, round, sleep, type Agent } from './common.ts';

export interface FloodOptions {
  readonly agents: number;
  /** Length of each baseline and each flood stretch. */
  readonly seconds: number;
  readonly rounds: number;
}

export interface FloodResult {
  readonly baselineP99Ms: number;
  readonly floodOthersP99Ms: number;
  readonly baselineP50Ms: number;
  readonly floodOthersP50Ms: number;
  readonly samples: { readonly baseline: number; readonly flood: number };
  /** Answers other than 200 to the normal agents (during both phases). */
  readonly othersNon200: number;
  readonly flooder: { readonly requests: number; readonly perSecond: number; readonly statuses: Record<string, number> };
}

type Phase = 'warmup' | 'baseline' | 'flood' | 'done';

/** Runs the flooding child; `onSwitch(true)` when it starts flooding, `onSwitch(false)` when it stops. */
async function runFlooder(url: string, agent: Agent, opts: FloodOptions, onSwitch: (flooding: boolean) => void): Promise<FloodResult['flooder']> {
  const args = [join(import.meta.dirname, 'flood-child.ts'), url, JSON.stringify(agent), String(opts.seconds), String(opts.rounds)];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'on' || line === 'off') onSwitch(line === 'on');
    else last = line;
  });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`flood child exited with ${code}`);
  return JSON.parse(last) as FloodResult['flooder'];
}

export async function runFlood(opts: FloodOptions, log: (line: string) => void): Promise<FloodResult> {
  const { dir, configFile } = benchDir('flood', {});
  const agents = provisionFleet(dir, opts.agents + 1);
  const flooder = agents.pop()!;
  const collector = await restartableCollector(dir, configFile);
  const latencies: Record<Phase, number[]> = { warmup: [], baseline: [], flood: [], done: [] };
  let phase: Phase = 'warmup';
  let othersNon200 = 0;

  async function agentLoop(a: Agent): Promise<void> {
    const client = agentClient(collector.url);
    await sleep((a.index / agents.length) * 1000);
    while (phase !== 'done') {
      const due = performance.now() + 1000;
      const at: Phase = phase;
      const res = await post(client, a.token, 'heartbeat', heartbeatOf(a, 1));
      if (res.status === 200) latencies[at].push(res.ms);
      else othersNon200 += 1;
      await sleep(Math.max(0, due - performance.now()));
    }
    await client.close().catch(() => undefined);
  }

  const loops = agents.map((a) => agentLoop(a));
  log(`  ${agents.length} agents beating every second; ${opts.rounds} × (${opts.seconds} s alone, ${opts.seconds} s beside one agent sending as fast as it is answered)`);
  const flood = await runFlooder(collector.url, flooder, opts, (flooding) => (phase = flooding ? 'flood' : 'baseline'));
  phase = 'done';
  await Promise.all(loops);
  await collector.stop('SIGTERM');

  const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
  const base = sorted(latencies.baseline);
  const during = sorted(latencies.flood);
  return {
    baselineP99Ms: round(percentile(base, 0.99), 2),
    floodOthersP99Ms: round(percentile(during, 0.99), 2),
    baselineP50Ms: round(percentile(base, 0.5), 2),
    floodOthersP50Ms: round(percentile(during, 0.5), 2),
    samples: { baseline: base.length, flood: during.length },
    othersNon200,
    flooder: flood,
  };
}
