// Two collectors on one PostgreSQL under chaos: a real PostgreSQL (durable: fsync on), two collector processes,
// a real Alertmanager and a webhook receiver, a simulated fleet beating every 5 s to both collectors, outages
// injected on a schedule (servers silent 30–45 s, some back with a new boot), and one collector killed (-9) and
// restarted every 20 s, each in turn. Then every outage must have exactly one down and one up notice at the
// webhook (after de-duplication by idempotency key), none lost.
//
//   npm run bench:ha [-- --minutes 3 --agents 1000 --kill-every 20 --interval 5 --grouping 0 --webhook-delay-ms 1000 --lease-seconds 10]
//
// Prints its progress and a table, then as its last line a JSON object:
// {"outages", "noticesExpected", "noticesDelivered", "lost", "duplicates", "failoverP50Ms", "failoverP99Ms", …extras}.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startAlertmanager } from '../test/helpers/alertmanager.ts';
import { haCollector, haUais, provisionServers, writeHaCollectorConfig, type HaCollector } from '../test/helpers/ha-cluster.ts';
import { alertKeyOf, openHaDb, type OutageFact } from '../test/helpers/ha-db.ts';
import { summarizeLedger, type ExpectedNotice } from '../test/helpers/ha-ledger.ts';
import { startPostgres } from '../test/helpers/postgres.ts';
import { startWebhookReceiver } from '../test/helpers/webhook-receiver.ts';
import { runChaos } from './ha/chaos.ts';
import { startSimFleet } from './ha/sim-fleet.ts';
import { startSlowReceiver } from './ha/slow-receiver.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    agents: { type: 'string', default: '1000' },
    'kill-every': { type: 'string', default: '20' },
    interval: { type: 'string', default: '5' },
    grouping: { type: 'string', default: '0' },
    'inject-every': { type: 'string', default: '2' },
    /** How long the webhook receiver takes to answer: kills then catch deliveries in flight. */
    'webhook-delay-ms': { type: 'string', default: '1000' },
    /** The dispatcher's lease (`notifications.leaseSeconds`): how long a dead collector's claimed delivery waits. */
    'lease-seconds': { type: 'string', default: '10' },
  },
});
const MINUTES = Number(values.minutes);
const AGENTS = Number(values.agents);
const KILL_EVERY_MS = Number(values['kill-every']) * 1000;
const INTERVAL_S = Number(values.interval);
const GROUPING_S = Number(values.grouping);
const INJECT_EVERY_MS = Number(values['inject-every']) * 1000;
const OFFLINE_AFTER_S = 3 * INTERVAL_S;
/** Silences last well beyond the offline delay (and a collector's start-up grace), so each is detected. */
const SILENCE_MIN_MS = 2 * OFFLINE_AFTER_S * 1000;
const SILENCE_MAX_MS = 3 * OFFLINE_AFTER_S * 1000;
/** The drain allows for the dispatcher's lease on deliveries the last kill left claimed. */
const DRAIN_MS = 90_000 + Number(values['lease-seconds']) * 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const log = (line: string) => process.stdout.write(`[+${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s] ${line}\n`);
const percentile = (values: readonly number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!);
};

const pgServer = await startPostgres({ fast: false, maxConnections: 200 });
const cleanups: (() => Promise<unknown>)[] = [() => pgServer.stop()];
try {
  const url = await pgServer.createDatabase('vigie_ha_bench');
  const db = openHaDb(url);
  cleanups.unshift(() => db.close());
  const hook = await startSlowReceiver(Number(values['webhook-delay-ms']));
  const amHook = await startWebhookReceiver();
  const am = await startAlertmanager({ webhookUrl: amHook.url });
  cleanups.unshift(() => am.stop(), () => hook.close(), () => amHook.close());
  log(`PostgreSQL (durable), Alertmanager ${am.url}, webhook ${hook.url} (answers in ${values['webhook-delay-ms']} ms)`);

  const servers = await provisionServers(url, haUais(AGENTS, 100_001).map((uai) => ({ uai, machine: 'scribe' })));
  log(`${servers.length} servers provisioned`);
  const config = writeHaCollectorConfig(mkdtempSync(join(tmpdir(), 'vigie-bench-ha-')), {
    databaseUrl: url,
    alertmanagerUrls: [am.url],
    webhookUrl: `${hook.url}hook`,
    offlineAfter: `${OFFLINE_AFTER_S}s`,
    sweepInterval: '1s',
    groupingDelaySeconds: GROUPING_S,
    notificationsExtra: { leaseSeconds: Number(values['lease-seconds']) },
  });
  const collectors: HaCollector[] = [await haCollector('a', config), await haCollector('b', config)];
  cleanups.unshift(() => Promise.all(collectors.map((c) => c.stop())));
  await Promise.all(collectors.map((c) => c.start()));
  log(`collectors ${collectors.map((c) => `${c.name} ${c.url}`).join(', ')}`);

  const fleet = startSimFleet({ servers, urls: collectors.map((c) => c.url), intervalSeconds: INTERVAL_S });
  cleanups.unshift(() => fleet.stop());
  for (let ready = 0; ready < AGENTS; ) {
    await sleep(1_000);
    ready = (await db.heartbeating()).size;
    if (Date.now() - t0 > 300_000) throw new Error(`only ${ready} of ${AGENTS} servers online after 5 min`);
  }
  log(`all ${AGENTS} servers online; chaos for ${MINUTES} min: a kill every ${KILL_EVERY_MS / 1000} s, an outage every ${INJECT_EVERY_MS / 1000} s`);

  const durationMs = MINUTES * 60_000;
  const chaosStart = Date.now();
  const injecting = (async () => {
    while (Date.now() - chaosStart < durationMs) {
      fleet.injectOutage(SILENCE_MIN_MS + Math.random() * (SILENCE_MAX_MS - SILENCE_MIN_MS), Math.random() < 0.3);
      await sleep(INJECT_EVERY_MS);
    }
  })();
  const chaos = await runChaos({ collectors, db, durationMs, everyMs: KILL_EVERY_MS, log });
  cleanups.unshift(() => chaos.stop());
  await injecting;
  log(`chaos over: ${chaos.kills.length} kills, ${fleet.injected.length} outages injected; waiting for the last silences and the drain`);

  await sleep(Math.max(0, fleet.lastSilenceEndMs() - Date.now()) + 2 * INTERVAL_S * 1000);
  const drainStart = Date.now();
  let outages: OutageFact[] = [];
  let expected: ExpectedNotice[] = [];
  for (;;) {
    outages = (await db.outages()).filter((o) => !o.past);
    expected = outages.flatMap((o): ExpectedNotice[] => [{ alertKey: alertKeyOf(o), kind: 'down' }, { alertKey: alertKeyOf(o), kind: 'up' }]);
    const backlog = await db.backlog();
    const open = outages.filter((o) => o.endedAtMs === null).length;
    const lost = summarizeLedger(hook.requests, expected).lost;
    if (open === 0 && backlog.unfanned + backlog.pending + backlog.sending === 0 && lost === 0) break;
    if (Date.now() - drainStart > DRAIN_MS) {
      log(`drain incomplete after ${DRAIN_MS / 1000} s: ${open} open outages, backlog ${JSON.stringify(backlog)}, ${lost} notices missing`);
      break;
    }
    await sleep(1_000);
  }
  await sleep(2_000); // a late duplicate would arrive now
  await chaos.stop();
  log(`drained in ${Math.round((Date.now() - drainStart) / 1000)} s`);

  // Figures.
  const ledger = summarizeLedger(hook.requests, expected);
  const allOutages = await db.outages();
  const noticeRowsDuplicated = (await db.noticeCounts()).filter((c) => c.count > 1).reduce((n, c) => n + c.count - 1, 0);
  const backlog = await db.backlog();
  const detectedFor = (i: { uai: string; fromMs: number; untilMs: number }) =>
    outages.some((o) => o.uai === i.uai && o.startedAtMs >= i.fromMs - (INTERVAL_S + 2) * 1000 && o.startedAtMs <= i.untilMs);
  const injectedUndetected = fleet.injected.filter((i) => !detectedFor(i)).length;
  const spurious = outages.filter((o) => !fleet.injected.some((i) => i.uai === o.uai && o.startedAtMs >= i.fromMs - (INTERVAL_S + 2) * 1000 && o.startedAtMs <= i.untilMs));
  const failovers = chaos.kills.flatMap((k) => (k.failoverMs === undefined ? [] : [k.failoverMs]));
  const orphans = chaos.kills.flatMap((k) => [...k.orphans.values()].map((sent) => (sent === undefined ? undefined : sent - k.atMs)));
  const takeovers = orphans.filter((t): t is number => t !== undefined);
  const restarts = chaos.kills.flatMap((k) => (k.restartMs === undefined ? [] : [k.restartMs]));
  const amPayloads = amHook.requests.map((r) => r.json() as { status: string; alerts: { status: string; labels: Record<string, string> }[] });
  const amResolved = new Set(amPayloads.flatMap((p) => p.alerts.filter((a) => a.status === 'resolved').map((a) => a.labels['uai'])));
  const amFiring = new Set(amPayloads.flatMap((p) => p.alerts.filter((a) => a.status === 'firing').map((a) => a.labels['uai'])));
  const outageUais = new Set(outages.map((o) => o.uai));
  const amMissing = [...outageUais].filter((u) => !amFiring.has(u) || !amResolved.has(u)).length;

  const rows: [string, string | number | null][] = [
    ['outages injected / detected', `${fleet.injected.length} / ${outages.length}`],
    ['injected but not detected', injectedUndetected],
    ['detected, not injected (spurious)', spurious.length],
    ['past outages (recorded, never notified)', allOutages.length - outages.length],
    ['notices expected / delivered / lost', `${expected.length} / ${ledger.delivered} / ${ledger.lost}`],
    ['webhook requests / unique keys', `${ledger.requests} / ${ledger.uniqueMessages} ${JSON.stringify(ledger.keySources)}`],
    ['duplicates before / after de-dup', `${ledger.duplicatesBeforeDedup} / ${ledger.duplicates}`],
    ['notice rows decided twice (database)', noticeRowsDuplicated],
    ['deliveries failed / still open', `${backlog.failed} / ${backlog.pending + backlog.sending + backlog.unfanned}`],
    ['kills / restart p50 ms', `${chaos.kills.length} / ${percentile(restarts, 0.5)}`],
    ['failover p50 / p99 ms', chaos.instancesSeen ? `${percentile(failovers, 0.5)} / ${percentile(failovers, 0.99)} (${failovers.length} measured)` : 'collector_instances never written'],
    ['deliveries orphaned by kills / taken over, p99 ms', `${orphans.length} / ${takeovers.length}, ${percentile(takeovers, 0.99)}`],
    ['Alertmanager: servers missing firing or resolved', amMissing],
    ['heartbeats sent / failed attempts / lost / failovers', `${fleet.stats.sent} / ${fleet.stats.failedAttempts} / ${fleet.stats.lost} / ${fleet.stats.failovers}`],
    ['restart failures', chaos.restartFailures.join('; ') || 'none'],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(52)} ${v}\n`);
  if (ledger.missing.length > 0) process.stdout.write(`missing (first 10): ${ledger.missing.slice(0, 10).join(', ')}\n`);
  if (ledger.duplicated.length > 0) process.stdout.write(`duplicated (first 10): ${ledger.duplicated.slice(0, 10).join(', ')}\n`);
  process.stdout.write(
    `${JSON.stringify({
      outages: outages.length,
      noticesExpected: expected.length,
      noticesDelivered: ledger.delivered,
      lost: ledger.lost,
      duplicates: ledger.duplicates,
      failoverP50Ms: percentile(failovers, 0.5),
      failoverP99Ms: percentile(failovers, 0.99),
      duplicatesBeforeDedup: ledger.duplicatesBeforeDedup,
      takeoverP99Ms: percentile(takeovers, 0.99),
      outagesInjected: fleet.injected.length,
      injectedUndetected,
      spuriousOutages: spurious.length,
      noticeRowsDuplicated,
      kills: chaos.kills.length,
      orphanedDeliveries: orphans.length,
      alertmanagerMissing: amMissing,
      heartbeatsLost: fleet.stats.lost,
    })}\n`,
  );
} finally {
  for (const c of cleanups) await c().catch((err: unknown) => process.stderr.write(`cleanup: ${String(err)}\n`));
}
