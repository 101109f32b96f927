// End to end: a real Prometheus scrapes a real collector fed by a simulated fleet; every PromQL expression of
// every dashboard panel, template variable and Prometheus rule must return data. A panel nobody feeds fails.
// Run twice: one collector on SQLite, and two collectors sharing one PostgreSQL, both scraped in one job (each
// serves the same fleet metrics from the database): there the fleet counts must not double, and must hold once
// one collector is stopped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { systemClock } from '../../../shared/clock.ts';
import { DASHBOARDS } from '../../../grafana/src/dashboards.ts';
import { extractQueries, parseLabelValues, substituteVariables } from '../../../grafana/src/lib/queries.ts';
import { freePort, spawnDaemon, waitUntilReady, type Daemon } from '../../helpers/daemon-process.ts';
import type { FleetSimulator } from '../../helpers/fleet-simulator.ts';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.ts';
import { promtoolCheckMetrics, startPrometheus, type RunningPrometheus } from '../../helpers/prometheus.ts';
import { EXCLUDED_UAI, FLEET, INVENTORY_CSV, ROLE, playScenario } from './fleet-scenario.ts';
import { has, type Need } from '../../helpers/requirements.ts';
import { fleet } from '../../../grafana/src/lib/promql.ts';
import { enrolFleetIn, simulatorOverCollectors } from './collectors.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const RULE_FILES = ['alerts.yml', 'recording.yml'].map((f) => join(REPO, 'grafana', 'prometheus', 'rules', f));
/** Grafana macros as a dashboard showing the last hour would expand them (with 1 s scrapes). */
const RANGES = { range: '1h', rate: '1m' };

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
const RULES = RULE_FILES.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules));

/**
 * Alerts whose condition only a broken system meets (no collector target at all, a stuck liveness sweep):
 * the fleet cannot make them fire, so the test checks instead that every series they read is fed.
 */
const FED_BY: Record<string, { reason: string; inputs: string[] }> = {
  VigieCollectorDown: { reason: 'fires only when no collector target answers', inputs: ['up{job="vigie-collector"} == 1'] },
  VigieCollectorAbsent: { reason: 'fires only when Prometheus has no collector target', inputs: ['up{job="vigie-collector"}'] },
  ScribeServerSilentButOnline: {
    reason: "fires only when the collector's liveness sweep is stuck",
    inputs: [
      'scribe_server_last_seen_timestamp_seconds',
      'scribe_server_heartbeat_interval_seconds',
      'scribe_server_state{state=~"online|late"} == 1',
    ],
  },
  ScribeClockSkew: {
    reason: 'fires only for an agent whose clock is more than 5 min off (test/e2e/faults/clock-skew.test.ts runs one under libfaketime)',
    inputs: ['scribe_server_clock_skew_seconds', 'scribe_server_state{state=~"online|late"} == 1'],
  },
  ScribeUpsOnBattery: {
    reason: "two rules share the name (inside and outside a window); the fleet's UPS on battery is inside the window",
    inputs: ['scribe_ups_on_battery == 1', 'scribe_server_up == 1', 'scribe_maintenance_window_active == 1', 'scribe_server_info'],
  },
};

const DASHBOARD_QUERIES = DASHBOARDS.flatMap((d) => {
  const dashboard = d.build();
  return extractQueries(dashboard).map((q, i) => ({ ...q, uid: dashboard.uid ?? d.file, n: i }));
});


interface Variant {
  readonly name: string;
  /** Collector processes, all scraped in the job vigie-collector. */
  readonly collectors: number;
  /** PostgreSQL shared by the collectors (else each would have its SQLite file: one collector only). */
  readonly postgres: boolean;
  readonly needs: readonly Need[];
}

const VARIANTS: readonly Variant[] = [
  { name: 'one collector (SQLite)', collectors: 1, postgres: false, needs: ['prometheus', 'promtool'] },
  { name: 'two collectors sharing one PostgreSQL', collectors: 2, postgres: true, needs: ['prometheus', 'promtool', 'postgres'] },
];

/** Servers enrolled and not retired, de-duplicated as the « Serveurs suivis » panel counts them. */
const FOLLOWED = `sum(${fleet('scribe_server_state{state!="retired"}')})`;

for (const variant of VARIANTS) {
  describe.skipIf(!has(...variant.needs))(`Grafana dashboards and Prometheus rules against a real Prometheus and collector: ${variant.name}`, () => {
    let dir = '';
    let pg: PostgresServer | undefined;
    const collectors: Daemon[] = [];
    const collectorUrls: string[] = [];
    const targets: string[] = [];
    let prom: RunningPrometheus | undefined;
    let sim: FleetSimulator | undefined;
    /** Variable values per dashboard uid, resolved through the chain as Grafana's « All » would. */
    const variables = new Map<string, Record<string, string>>();
    const value = async (expr: string): Promise<number> => {
      const found = await prom!.query(expr);
      expect(found, `one sample for ${expr}`).toHaveLength(1);
      return Number(found[0]!.value[1]);
    };

    beforeAll(async () => {
      // Arrange: collectors with a maintenance window running now (one school excluded), offline after 2 missed 1 s heartbeats.
      dir = mkdtempSync(join(tmpdir(), 'vigie-grafana-e2e-'));
      // Notifications go to a webhook nobody listens on: they stay pending and count as failed/retried.
      const deadWebhookPort = await freePort();
      const databasePath = join(dir, 'vigie.db');
      let databaseUrl: string | undefined;
      if (variant.postgres) {
        pg = await startPostgres();
        databaseUrl = await pg.createDatabase('vigie_grafana_e2e');
      }
      const today = DateTime.fromJSDate(systemClock.now()).setZone('Europe/Paris');
      const configFiles: string[] = [];
      for (let c = 0; c < variant.collectors; c += 1) {
        const port = await freePort();
        const configFile = join(dir, `collector-${c}.yaml`);
        writeFileSync(
          configFile,
          stringify({
            listen: { host: '127.0.0.1', port },
            databasePath,
            ...(databaseUrl === undefined ? {} : { databaseUrl }),
            logLevel: 'warn',
            notifications: {
              webhook: { url: `http://127.0.0.1:${deadWebhookPort}/hook`, secret: 'e2e-webhook-secret-0123456789', timeout: '1s' },
              // One delivery per notice right away: the scenario is shorter than the grouping delay.
              grouping: { delaySeconds: 0 },
            },
            liveness: {
              offlineAfterHeartbeats: 2,
              windows: [
                {
                  name: 'Bascule e2e',
                  from: today.minus({ days: 1 }).toISODate(),
                  to: today.plus({ days: 30 }).toISODate(),
                  exceptions: [{ uai: EXCLUDED_UAI, exclude: true }],
                },
              ],
            },
          }),
        );
        configFiles.push(configFile);
        collectorUrls.push(`http://127.0.0.1:${port}`);
        targets.push(`127.0.0.1:${port}`);
      }
      const servers = await enrolFleetIn({ databasePath, databaseUrl }, FLEET);
      const inventory = join(dir, 'etablissements.csv');
      writeFileSync(inventory, INVENTORY_CSV);
      execFileSync(process.execPath, [join(REPO, 'bin', 'vigie-collector.js'), '--config', configFiles[0]!, 'inventory', 'import', inventory], { stdio: 'pipe' });
      for (const [c, configFile] of configFiles.entries()) {
        const collector = spawnDaemon(process.execPath, [join(REPO, 'bin', 'vigie-collector.js'), '--config', configFile, 'run']);
        collectors.push(collector);
        await waitUntilReady(collector, `${collectorUrls[c]!}/healthz`, 30_000);
      }

      // A further, dead collector target in the same job (a replica that is down) feeds VigieCollectorInstanceDown.
      const deadPort = await freePort();
      prom = await startPrometheus({
        jobs: [{ job: 'vigie-collector', targets: [...targets, `127.0.0.1:${deadPort}`] }],
        ruleFiles: RULE_FILES,
      });
      await prom.waitFor(`up{job="vigie-collector"} == 1`, (s) => s.length === variant.collectors, 30_000);

      // Act: the fleet lives for a while (each server talking to one of the collectors), then Prometheus scrapes
      // and evaluates the final state.
      sim = simulatorOverCollectors(collectorUrls, servers, 1);
      await playScenario(sim);
      await sleep(2_500);

      for (const d of DASHBOARDS) {
        const dashboard = d.build();
        const values: Record<string, string> = {};
        for (const q of extractQueries(dashboard).filter((x) => x.where.startsWith('$'))) {
          const lv = parseLabelValues(q.expr);
          if (lv === undefined) continue;
          const found = await prom.query(`group by (${lv.label}) (${substituteVariables(lv.selector, values, RANGES)})`);
          const labelValues = found.map((s) => s.metric[lv.label] ?? '').filter((v) => v !== '');
          values[q.where.slice(1)] = `(${labelValues.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
        }
        variables.set(dashboard.uid ?? d.file, values);
      }
    }, 180_000);

    afterAll(async () => {
      sim?.close();
      await prom?.stop();
      for (const collector of collectors) await collector.stop();
      await pg?.stop();
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it('loads every rule and evaluates it without error', async () => {
      const rules = await prom!.rules();
      expect(rules.map((r) => r.name).sort()).toEqual(RULES.map((r) => r.alert ?? r.record).sort());
      expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`)).toEqual([]);
    });

    it("passes promtool check metrics on the live collector's /metrics", async () => {
      for (const url of collectorUrls) {
        const exposition = await (await fetch(`${url}/metrics`)).text();
        const { code, output } = await promtoolCheckMetrics(exposition);
        expect(output, url).toBe('');
        expect(code, url).toBe(0);
      }
    });

    it('counts every server once, however many collectors answer', async () => {
      // Each collector serves the whole fleet from the database: Prometheus holds one copy per collector…
      const perInstance = await prom!.query('count by (instance) (scribe_server_info)');
      expect(perInstance.map((s) => Number(s.value[1]))).toEqual(targets.map(() => FLEET.length));
      // …and the de-duplicated figures count each server once: the panel's, the recording rule's, the alerts'.
      expect(await value(FOLLOWED)).toBe(FLEET.length);
      expect(await value(`count(${fleet('scribe_server_info')})`)).toBe(FLEET.length);
      expect(await value('sum(state:scribe_servers:count{state!="retired"})')).toBe(FLEET.length);
      expect(await value(`max(${fleet('vigie_enrolled_servers')})`)).toBe(FLEET.length);
      expect(await prom!.query('ALERTS{alertname=~"Scribe.+", instance!=""}'), 'a fleet alert per collector instance').toEqual([]);
      const perServer = await prom!.query('count by (alertname, uai, server, ups, probe, mountpoint, profile) (ALERTS{alertname=~"Scribe.+"}) > 1');
      expect(perServer, 'a fleet alert twice').toEqual([]);
    });

    it('chains the filters: one académie narrows the schools, one school narrows the servers', async () => {
      // Arrange: the « Parc Scribe » variable queries, with one value chosen at each step.
      const varQuery = (name: string) => {
        const found = extractQueries(DASHBOARDS[0]!.build()).find((q) => q.where === `$${name}`);
        const lv = found === undefined ? undefined : parseLabelValues(found.expr);
        if (lv === undefined) throw new Error(`no label_values query for $${name}`);
        return lv;
      };
      const values = async (name: string, chosen: Record<string, string>): Promise<string[]> => {
        const lv = varQuery(name);
        const found = await prom!.query(`group by (${lv.label}) (${substituteVariables(lv.selector, chosen, RANGES)})`);
        return found.map((x) => x.metric[lv.label] ?? '').sort();
      };
      const limoges = FLEET.filter((f) => f.academie === 'ac-limoges');
      const flakyUai = ROLE.flaky.split('/')[0] ?? '';
      // Act / Assert
      expect(await values('academie', {})).toEqual(['ac-limoges', 'ac-poitiers']);
      expect(await values('uai', { academie: 'ac-limoges' })).toEqual([...new Set(limoges.map((f) => f.uai))].sort());
      expect(await values('server', { academie: 'ac-limoges', uai: flakyUai })).toEqual(['scribe', 'scribe2']);
    });

    it.each(DASHBOARD_QUERIES.map((q) => [`${q.dashboard} › ${q.where} #${q.n}`, q] as const))('%s returns data', async (_name, q) => {
      // Arrange
      const values = variables.get(q.uid) ?? {};
      const lv = q.where.startsWith('$') ? parseLabelValues(q.expr) : undefined;
      const expr = substituteVariables(lv ? lv.selector : q.expr, values, RANGES);
      // Act
      const result = await prom!.query(expr);
      // Assert
      expect(result.length, `no data for: ${expr}`).toBeGreaterThan(0);
    });

    it.each(RULES.map((r) => [r.alert ?? r.record ?? '?', r] as const))('rule %s returns data', async (name, rule) => {
      const fed = FED_BY[name];
      const exprs = fed === undefined ? [rule.expr] : fed.inputs;
      for (const expr of exprs) {
        const result = await prom!.query(expr);
        expect(result.length, `no data for ${name}${fed ? ` (${fed.reason}; input ${expr})` : ''}: ${expr}`).toBeGreaterThan(0);
      }
    });

    // Last: stops a collector. The fleet figures neither go blank nor change; only the instance alert fires.
    it.runIf(variant.collectors > 1)('keeps the fleet figures when one collector stops', async () => {
      // Arrange
      const before = await value(FOLLOWED);
      // Act
      await collectors[1]!.stop();
      await prom!.waitFor(`up{instance="${targets[1]!}"} == 0`, (s) => s.length === 1, 15_000);
      await sleep(1_500);
      // Assert: one copy left, the same count.
      expect(await value('count(scribe_server_info)')).toBe(FLEET.length);
      expect(await value(FOLLOWED)).toBe(before);
      expect(await value('max by (job) (up{job="vigie-collector"})')).toBe(1);
    });
  });
}
