// Detection latency benchmark: time from an agent's death (kill -9) to the notification, for Vigie and for a
// Prometheus + Alertmanager pipeline (`up == 0` rule, same interval, `for` = Vigie's offline delay), on the
// same machine, with real processes. Usage:
//   npm run bench:detection -- [--trials 5] [--interval-ms 1000] [--offline-after-ms 2000] [--only prometheus|vigie]
// The last line of the output is a JSON object with both medians and their ratio (Prometheus / Vigie).
import { parseArgs } from 'node:util';
import { startPrometheusPipeline } from './detection/prometheus-pipeline.ts';
import { summarize } from './detection/stats.ts';
import type { Summary } from './detection/stats.ts';
import { startVigiePipeline } from './detection/vigie-pipeline.ts';
import type { VigieTrial } from './detection/vigie-pipeline.ts';

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
if (!Number.isInteger(trials) || trials < 1 || !(timings.intervalMs >= 100) || !(timings.offlineAfterMs >= 1000)) {
  process.stderr.write('bench:detection: --trials ≥ 1, --interval-ms ≥ 100 and --offline-after-ms ≥ 1000 expected\n');
  process.exit(2);
}
const log = (msg: string): void => {
  process.stdout.write(`${msg}\n`);
};

async function runTrials<T>(name: string, start: () => Promise<{ trial(): Promise<T>; stop(): Promise<void> }>, show: (r: T) => string): Promise<T[]> {
  const pipeline = await start();
  const results: T[] = [];
  try {
    for (let i = 1; i <= trials; i += 1) {
      const r = await pipeline.trial();
      results.push(r);
      log(`${name} trial ${i}/${trials}: ${show(r)}`);
    }
  } finally {
    await pipeline.stop();
  }
  return results;
}

function report(name: string, s: Summary): void {
  log(`${name}: median ${s.medianMs} ms (min ${s.minMs}, max ${s.maxMs}, mean ${s.meanMs}) over ${s.trials} trials`);
}

log(
  `detection bench: heartbeat = scrape = sweep = evaluation interval ${timings.intervalMs} ms, offline after / for: ${timings.offlineAfterMs} ms, ${trials} trials each`,
);

let vigie: Summary | undefined;
let vigieViaAm: Summary | undefined;
if (values.only !== 'prometheus') {
  const results = await runTrials<VigieTrial>('vigie', () => startVigiePipeline(timings, log), (r) => `${r.webhookMs} ms to the signed webhook (cause ${r.cause}), ${r.viaAlertmanagerMs} ms through Alertmanager`);
  vigie = summarize(results.map((r) => r.webhookMs));
  vigieViaAm = summarize(results.map((r) => r.viaAlertmanagerMs));
  report('vigie (webhook)', vigie);
  report('vigie (via alertmanager)', vigieViaAm);
}

let prometheus: Summary | undefined;
if (values.only !== 'vigie') {
  const results = await runTrials('prometheus+alertmanager', () => startPrometheusPipeline(timings, log), (r) => `${r} ms to the Alertmanager webhook`);
  prometheus = summarize(results);
  report('prometheus+alertmanager', prometheus);
}

const ratio = vigie !== undefined && prometheus !== undefined ? Math.round((prometheus.medianMs / vigie.medianMs) * 100) / 100 : null;
const result = {
  bench: 'detection',
  intervalMs: timings.intervalMs,
  offlineAfterMs: timings.offlineAfterMs,
  trials,
  vigieMedianMs: vigie?.medianMs ?? null,
  vigieViaAlertmanagerMedianMs: vigieViaAm?.medianMs ?? null,
  prometheusMedianMs: prometheus?.medianMs ?? null,
  ratioPrometheusOverVigie: ratio,
  vigie: vigie ?? null,
  vigieViaAlertmanager: vigieViaAm ?? null,
  prometheus: prometheus ?? null,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
