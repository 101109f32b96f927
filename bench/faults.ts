// Faults, floods and soak, against real collector processes (each scenario its own temporary database and
// configuration, the fleet provisioned with real per-server tokens):
//   2. crash under load — agents push heartbeats, events and reports while the collector is kill -9ed and
//      restarted; every acknowledged id must be in the database, none stored twice   (bench/faults/crash.ts)
//   3. the collector's own outage — inside a maintenance window, agents keep beating while the collector is down;
//      no false alert, spooled messages arrive, no outage in the availability report (bench/faults/outage.ts)
//   6. flood — one agent sends as fast as it is answered (429 past its quota); the others' p99 against the
//      baseline                                                                      (bench/faults/flood.ts)
//   7. soak — N agents beating every 10 s: dropped heartbeats, RSS growth, ingest p99, /metrics at 10,000
//      servers                                                                        (bench/faults/soak.ts)
//
//   npm run bench:faults [-- --crash-agents 200 --crash-seconds 30 --kills 4
//                            --outage-agents 200 --outage-interval 2 --outage-seconds 20
//                            --flood-agents 100 --flood-seconds 10 --flood-rounds 3
//                            --soak-agents 2000 --soak-minutes 1 --soak-interval 10 --soak-connections 64
//                            --only crash,outage,flood,soak --keep]
//   long run: npm run bench:faults -- --outage-seconds 600 --soak-agents 10000 --soak-minutes 10
//
// Prints a summary, then as its last line a JSON object with the figures of the goals. The temporary databases
// are removed at the end, unless --keep (then their folders are printed, to look into a failure).
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchDirs } from './faults/common.ts';
import { runCrash, type CrashResult } from './faults/crash.ts';
import { runFlood, type FloodResult } from './faults/flood.ts';
import { runOutage, type OutageResult } from './faults/outage.ts';
import { runSoak, type SoakResult } from './faults/soak.ts';

const { values } = parseArgs({
  options: {
    'crash-agents': { type: 'string', default: '200' },
    'crash-seconds': { type: 'string', default: '30' },
    kills: { type: 'string', default: '4' },
    'outage-agents': { type: 'string', default: '200' },
    'outage-interval': { type: 'string', default: '2' },
    'outage-seconds': { type: 'string', default: '20' },
    'flood-agents': { type: 'string', default: '100' },
    'flood-seconds': { type: 'string', default: '10' },
    'flood-rounds': { type: 'string', default: '3' },
    'soak-agents': { type: 'string', default: '2000' },
    'soak-minutes': { type: 'string', default: '1' },
    'soak-interval': { type: 'string', default: '10' },
    'soak-connections': { type: 'string', default: '64' },
    only: { type: 'string', default: 'crash,outage,flood,soak' },
    keep: { type: 'boolean', default: false },
  },
});
const num = (name: keyof typeof values) => Number(values[name]);
const only = new Set(String(values.only).split(','));
const log = (line: string) => process.stdout.write(`${line}\n`);
const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)} s`;

let crash: CrashResult | undefined;
let outage: OutageResult | undefined;
let flood: FloodResult | undefined;
let soak: SoakResult | undefined;

if (only.has('crash')) {
  log(`[${elapsed()}] crash under load: ${num('crash-agents')} agents, ${num('kills')} × kill -9 in ${num('crash-seconds')} s`);
  crash = await runCrash({ agents: num('crash-agents'), seconds: num('crash-seconds'), kills: num('kills') }, log);
  log(
    `  acknowledged ${crash.acknowledged}, stored ${crash.stored}, lost ${crash.lost}, stored twice ${crash.storedTwice}; ` +
      `${crash.requests} requests, ${crash.failed} failed or 5xx/429, ${crash.refused} other 4xx, ${crash.duplicateAnswers} resends answered duplicate, ` +
      `${crash.unansweredAtEnd} unanswered at the end; integrity_check ${crash.integrity}`,
  );
}
if (only.has('outage')) {
  log(`[${elapsed()}] collector outage: ${num('outage-agents')} agents (one real vigie-agent), beat every ${num('outage-interval')} s, collector down ${num('outage-seconds')} s`);
  outage = await runOutage({ agents: num('outage-agents'), intervalSeconds: num('outage-interval'), outageSeconds: num('outage-seconds') }, log);
  log(
    `  false alerts ${outage.falseAlerts} (outages ${outage.outages}, down/reminder notices ${outage.downNotices}, outages in the availability report ${outage.reportOutages}); ` +
      `spooled ${outage.spooled}, stored ${outage.spooledStored}; online before ${outage.onlineBefore}, after ${outage.onlineAfter}; ${outage.heartbeatsFailed} heartbeats failed while down; ` +
      `restart took ${outage.restartSeconds} s, start-up grace ${outage.graceSeconds} s` +
      (outage.falseAlertsDetectedAfterS === null ? '' : `; outages detected ${outage.falseAlertsDetectedAfterS.map((s) => s.toFixed(1)).join('–')} s after it listened again`),
  );
}
if (only.has('flood')) {
  log(`[${elapsed()}] flood: ${num('flood-agents')} agents + 1 flooding, ${num('flood-rounds')} × ${num('flood-seconds')} s each way`);
  flood = await runFlood({ agents: num('flood-agents'), seconds: num('flood-seconds'), rounds: num('flood-rounds') }, log);
  log(
    `  others' heartbeat p99 ${flood.floodOthersP99Ms} ms under flood vs ${flood.baselineP99Ms} ms alone (p50 ${flood.floodOthersP50Ms} vs ${flood.baselineP50Ms} ms; ` +
      `${flood.samples.flood} / ${flood.samples.baseline} samples; ${flood.othersNon200} non-200); flooder ${flood.flooder.perSecond} req/s, answers ${JSON.stringify(flood.flooder.statuses)}`,
  );
}
if (only.has('soak')) {
  log(`[${elapsed()}] soak: ${num('soak-agents')} agents every ${num('soak-interval')} s for ${num('soak-minutes')} min`);
  soak = await runSoak({ agents: num('soak-agents'), minutes: num('soak-minutes'), intervalSeconds: num('soak-interval'), connections: num('soak-connections') }, log);
  log(
    `  ${soak.heartbeats} heartbeats, dropped ${soak.dropped} (${soak.notAcknowledged} not acknowledged, ${soak.lastSeenNotUpdated} last-seen not updated); ` +
      `p50 ${soak.p50Ms} ms, p99 ${soak.p99Ms} ms; RSS ${soak.rssStartMb} → ${soak.rssHalfMb} (half) → ${soak.rssEndMb} MB, growth over the second half ${soak.rssGrowthMb} MB ` +
      `(max − value at the half mark; linear fit ${soak.rssSlopeGrowthMb} MB)`,
  );
  log(`  GET /metrics at ${soak.metricsServers} servers: median ${soak.metricsRenderMs} ms of ${JSON.stringify(soak.metricsRenderRunsMs)}, ${(soak.metricsBytes / 1e6).toFixed(1)} MB`);
}

const result = {
  acknowledged: crash?.acknowledged ?? null,
  stored: crash?.stored ?? null,
  lost: crash?.lost ?? null,
  storedTwice: crash?.storedTwice ?? null,
  falseAlerts: outage?.falseAlerts ?? null,
  floodOthersP99Ms: flood?.floodOthersP99Ms ?? null,
  baselineP99Ms: flood?.baselineP99Ms ?? null,
  soakAgents: soak?.agents ?? null,
  soakDropped: soak?.dropped ?? null,
  soakRssGrowthMb: soak?.rssGrowthMb ?? null,
  metricsRenderMs10k: soak?.metricsRenderMs ?? null,
};
const goals: [string, boolean | null][] = [
  ['lost = 0', crash ? crash.lost === 0 : null],
  ['storedTwice = 0', crash ? crash.storedTwice === 0 : null],
  ['falseAlerts = 0', outage ? outage.falseAlerts === 0 : null],
  ['floodOthersP99Ms ≤ 1.5 × baselineP99Ms', flood ? flood.floodOthersP99Ms <= 1.5 * flood.baselineP99Ms : null],
  ['soakDropped = 0', soak ? soak.dropped === 0 : null],
  ['soakRssGrowthMb ≤ 5', soak ? soak.rssGrowthMb <= 5 : null],
  ['metricsRenderMs10k ≤ 1000', soak ? soak.metricsRenderMs <= 1000 : null],
];
if (values.keep) log(`databases kept: ${benchDirs.join(' ')}`);
else for (const dir of benchDirs) rmSync(dir, { recursive: true, force: true });
log(`[${elapsed()}] goals: ${goals.map(([g, ok]) => `${g} ${ok === null ? 'not run' : ok ? 'met' : 'NOT MET'}`).join('; ')}`);
log(JSON.stringify(result));
