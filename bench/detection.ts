// Detection latency benchmark: time from an agent's death (kill -9) to the notification, for Vigie and for a
// Prometheus + Alertmanager pipeline (`up == 0` rule, same interval, `for` = Vigie's offline delay), on the
// same machine. Usage:
//   npm run bench:detection -- [--trials 5] [--interval-ms 1000] [--offline-after-ms 2000] [--only prometheus|vigie]
// The last line of the output is a JSON object with both medians and their ratio.
import { parseArgs } from 'node:util';
import { startPrometheusPipeline } from './detection/prometheus-pipeline.ts';
import { summarize } from './detection/stats.ts';
import type { Summary } from './detection/stats.ts';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '5' },
    'interval-ms': { type: 'string', default: '1000' },
    'offline-after-ms': { type: 'string', default: '2000' },
    only: { type: 'string' },
  },
});
const trials = Number(values.trials);
const timings = { intervalMs: Number(values['interval-ms']), offlineAfterMs: Number(values['offline-after-ms']) };
const log = (msg: string): void => {
  process.stdout.write(`${msg}\n`);
};

async function measure(name: string, start: () => Promise<{ trial(): Promise<number>; stop(): Promise<void> }>): Promise<Summary> {
  const pipeline = await start();
  const samples: number[] = [];
  try {
    for (let i = 1; i <= trials; i += 1) {
      const ms = await pipeline.trial();
      samples.push(ms);
      log(`${name} trial ${i}/${trials}: ${ms} ms from kill -9 to notification`);
    }
  } finally {
    await pipeline.stop();
  }
  const s = summarize(samples);
  log(`${name}: median ${s.medianMs} ms (min ${s.minMs}, max ${s.maxMs}) over ${s.trials} trials`);
  return s;
}

log(`detection bench: heartbeat/scrape interval ${timings.intervalMs} ms, offline after ${timings.offlineAfterMs} ms, ${trials} trials each`);
const prometheus = values.only === 'vigie' ? undefined : await measure('prometheus+alertmanager', () => startPrometheusPipeline(timings, log));
const vigie: Summary | undefined = undefined;

const result = {
  bench: 'detection',
  intervalMs: timings.intervalMs,
  offlineAfterMs: timings.offlineAfterMs,
  trials,
  vigieMedianMs: vigie === undefined ? null : (vigie as Summary).medianMs,
  prometheusMedianMs: prometheus?.medianMs ?? null,
  ratioPrometheusOverVigie: null as number | null,
  vigie: vigie ?? null,
  prometheus: prometheus ?? null,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
