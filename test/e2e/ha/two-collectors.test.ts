/**
 * Two collectors on one PostgreSQL, end to end in real time: two real collector processes (same configuration,
 * different ports), a real Alertmanager and a webhook receiver listed by both, four real agents that list both
 * collectors (three prefer A, one B), heartbeat 1 s, offline after 5 s, inside a maintenance window.
 * - agents killed (-9) on both collectors → outages; collector A killed (-9) as soon as they are detected, while
 *   their notices are being sent; B goes on;
 * - an agent that was on A (now on B) killed after A's death: B alone detects and notifies it (its sweep took over);
 * - every outage gets exactly one `down` and one `up` at the webhook (after de-duplication by idempotency key),
 *   none lost, none twice; the Alertmanager has them. An agent that moved from A to B should cause no outage: it
 *   is reported, not asserted (on a loaded machine a few late heartbeats in a row make a real outage, notified as such).
 * A delivery A had claimed when it died is sent by B once its lease runs out (notifications.leaseSeconds, 5 s
 * here): the test allows for that.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startAlertmanager, type RunningAlertmanager } from '../../helpers/alertmanager.ts';
import { haAgent, type HaAgent } from '../../helpers/ha-agents.ts';
import { haCollector, haUais, provisionServers, writeHaCollectorConfig, type HaCollector } from '../../helpers/ha-cluster.ts';
import { alertKeyOf, openHaDb, type HaDb, type OutageFact } from '../../helpers/ha-db.ts';
import { summarizeLedger, type ExpectedNotice } from '../../helpers/ha-ledger.ts';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.ts';
import { waitFor } from '../../helpers/processes.ts';
import { has } from '../../helpers/requirements.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';

/** The dispatcher's lease: a delivery the dead collector had claimed is taken over after it. */
const LEASE_SECONDS = 5;
/** Time for such a delivery to be sent by the survivor (lease, then a retry on a loaded machine). */
const TAKEOVER_MS = LEASE_SECONDS * 1000 + 30_000;

describe.skipIf(!has('postgres', 'alertmanager'))('two collectors on one PostgreSQL (real processes, kill -9 of one)', () => {
  let pgServer: PostgresServer | undefined;
  let db: HaDb | undefined;
  let hook: WebhookReceiver | undefined;
  let amHook: WebhookReceiver | undefined;
  let am: RunningAlertmanager | undefined;
  const collectors: HaCollector[] = [];
  const agents: HaAgent[] = [];

  beforeAll(async () => {
    pgServer = await startPostgres();
    const url = await pgServer.createDatabase('vigie_ha');
    db = openHaDb(url);
    hook = await startWebhookReceiver();
    amHook = await startWebhookReceiver();
    am = await startAlertmanager({ webhookUrl: amHook.url });
    const servers = await provisionServers(url, haUais(4).map((uai) => ({ uai, machine: 'scribe' })));
    const config = writeHaCollectorConfig(mkdtempSync(join(tmpdir(), 'vigie-e2e-ha-')), {
      databaseUrl: url,
      alertmanagerUrls: [am.url],
      webhookUrl: `${hook.url}hook`,
      offlineAfter: '5s',
      sweepInterval: '500ms',
      notificationsExtra: { leaseSeconds: LEASE_SECONDS },
    });
    collectors.push(await haCollector('a', config), await haCollector('b', config));
    await Promise.all(collectors.map((c) => c.start()));
    const [a, b] = collectors as [HaCollector, HaCollector];
    // 0, 1, 3 prefer A (3 stays up: it moves to B when A dies); 2 prefers B.
    servers.forEach((s, i) => agents.push(haAgent({ ...s, collectorUrls: i === 2 ? [b.url, a.url] : [a.url, b.url] })));
    for (const agent of agents) agent.start();
    await waitFor('every server online, heartbeating', async () => {
      const up = await db!.heartbeating();
      return agents.every((g) => up.has(`${g.uai}/${g.machine}`)) ? true : undefined;
    }, 90_000); // a loaded machine takes its time to start six Node processes
  }, 180_000);

  afterAll(async () => {
    await Promise.all(agents.map((g) => g.kill()));
    await Promise.all(collectors.map((c) => c.kill()));
    await am?.stop();
    await Promise.all([hook?.close(), amHook?.close(), db?.close()]);
    await pgServer?.stop();
  });

  it('kill -9 of one collector mid-run: every outage notified exactly once down and once up, none lost', async () => {
    const [a, b] = collectors as [HaCollector, HaCollector];
    onTestFailed(async () => {
      const states = await db!.states().catch(() => new Map());
      const outages = await db!.outages().catch(() => []);
      process.stdout.write(`states ${JSON.stringify([...states])}\noutages ${JSON.stringify(outages)}\nwebhook ${hook!.requests.length} requests\n`);
      for (const c of collectors) process.stdout.write(`--- collector ${c.name}\n${(c.process?.lines ?? []).slice(-30).join('\n')}\n`);
      for (const g of agents) process.stdout.write(`--- agent ${g.uai}\n${(g.process?.lines ?? []).slice(-10).join('\n')}\n`);
    });
    const [g0, g1, g2, g3] = agents as [HaAgent, HaAgent, HaAgent, HaAgent];
    const openOf = async (gs: HaAgent[]) => {
      const open = (await db!.outages()).filter((o) => o.endedAtMs === null);
      return gs.every((g) => open.some((o) => o.uai === g.uai)) ? open : undefined;
    };

    // Outages on both collectors; A dies as soon as they are detected (their notices being queued or sent).
    await Promise.all([g0.kill(), g2.kill()]);
    await waitFor('outages of the two killed agents', () => openOf([g0, g2]), 20_000);
    const killedAt = Date.now();
    await a.kill();
    // g1 was on A, now on B: its outage can only be B's doing.
    await new Promise((r) => setTimeout(r, 1_500));
    await g1.kill();
    const afterKill = await waitFor('the outage of the agent killed after A', () => openOf([g0, g1, g2]), 20_000);
    const g1Outage = afterKill.find((o) => o.uai === g1.uai)!;
    expect(g1Outage.detectedAtMs).toBeGreaterThan(killedAt);

    const downOf = (outages: OutageFact[]) => outages.map((o): ExpectedNotice => ({ alertKey: alertKeyOf(o), kind: 'down' }));
    await waitFor('the down notices at the webhook', () => (summarizeLedger(hook!.requests, downOf(afterKill)).lost === 0 ? true : undefined), TAKEOVER_MS);
    await waitFor(
      'the alerts firing in Alertmanager',
      async () => {
        const alerts = await am!.alerts();
        return [g0, g1, g2].every((g) => alerts.some((x) => x.labels['uai'] === g.uai && x.status.state === 'active')) ? alerts : undefined;
      },
      20_000,
    );

    // Back: the three agents restart (g0 and g1 try the dead A first, then B).
    for (const g of [g0, g1, g2]) g.start();
    const closed = await waitFor(
      'every outage closed and its up notice delivered',
      async () => {
        const outages = await db!.outages();
        if (outages.some((o) => o.endedAtMs === null)) return undefined;
        const expected = outages.flatMap((o): ExpectedNotice[] => [{ alertKey: alertKeyOf(o), kind: 'down' }, { alertKey: alertKeyOf(o), kind: 'up' }]);
        return summarizeLedger(hook!.requests, expected).lost === 0 ? outages : undefined;
      },
      TAKEOVER_MS,
    );
    await waitFor('the outbox drained', async () => {
      const backlog = await db!.backlog();
      return backlog.unfanned + backlog.pending + backlog.sending === 0 ? true : undefined;
    }, TAKEOVER_MS);
    await new Promise((r) => setTimeout(r, 1_500)); // a late duplicate would arrive now

    const expected = closed.flatMap((o): ExpectedNotice[] => [{ alertKey: alertKeyOf(o), kind: 'down' }, { alertKey: alertKeyOf(o), kind: 'up' }]);
    const ledger = summarizeLedger(hook!.requests, expected);
    process.stdout.write(
      `e2e ha: ${closed.length} outages, ${ledger.requests} webhook requests, ${ledger.uniqueMessages} unique keys ` +
        `(${JSON.stringify(ledger.keySources)}), duplicatesBeforeDedup ${ledger.duplicatesBeforeDedup}, duplicates ${ledger.duplicates}, lost ${ledger.lost}\n`,
    );
    expect(closed.filter((o) => o.uai !== g3.uai).map((o) => o.uai).sort()).toEqual([g0.uai, g1.uai, g2.uai].sort());
    const moved = closed.filter((o) => o.uai === g3.uai);
    if (moved.length > 0) process.stdout.write(`e2e ha: the agent that moved from A to B had ${moved.length} outage(s) (late heartbeats on a loaded machine?)\n`);
    expect(closed.filter((o) => o.past)).toEqual([]);
    expect(ledger).toMatchObject({ lost: 0, duplicates: 0, unexpected: 0 });
    expect(ledger.missing).toEqual([]);
    expect(ledger.duplicated).toEqual([]);
    // One notice row per (outage, kind) in the database too: neither collector decided it twice.
    const counts = await db!.noticeCounts();
    expect(counts.filter((c) => c.count !== 1)).toEqual([]);
    expect(counts.filter((c) => c.kind === 'down' || c.kind === 'up')).toHaveLength(2 * closed.length);
    expect((await db!.backlog()).failed).toBe(0);

    // Alertmanager: resolved too (its own webhook got a resolved group for each server).
    await waitFor('Alertmanager resolved notifications', () => {
      const resolved = amHook!.requests.map((r) => r.json() as { status: string; alerts: { labels: Record<string, string> }[] }).filter((p) => p.status === 'resolved');
      return [g0, g1, g2].every((g) => resolved.some((p) => p.alerts.some((x) => x.labels['uai'] === g.uai))) ? true : undefined;
    }, 20_000);

    // B's sweep went on after A's death (collector_instances, when the collectors record their sweeps).
    const instances = await db!.instances();
    if (instances.length === 0) process.stdout.write('e2e ha: collector_instances is empty (sweeps not recorded by the collectors)\n');
    else expect(instances.some((i) => i.lastSweepAtMs > killedAt + 1_000)).toBe(true);
    expect(b.process?.proc.exitCode).toBeNull();
    const states = await db!.states();
    expect(agents.map((g) => states.get(`${g.uai}/${g.machine}`))).toEqual(['online', 'online', 'online', 'online']);
  }, 240_000);
});
