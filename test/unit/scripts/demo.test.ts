import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../../shared/protocol/index.ts';
import { FakeClock } from '../../../shared/testing/fake-clock.ts';
import { protocolError } from '../../../shared/testing/validate-message.ts';
import { checkUai } from '../../../shared/uai.ts';
import { loadCollectorConfig } from '../../../collector/config.ts';
import { poitiersSchools } from '../../../scripts/demo/academie-poitiers.ts';
import { demoCollectorYaml, demoWindow } from '../../../scripts/demo/demo-config.ts';
import { demoReport } from '../../../scripts/demo/quota-reports.ts';
import { ScaledClock } from '../../../scripts/demo/scaled-clock.ts';
import { buildScenario } from '../../../scripts/demo/scenario.ts';

const H = 3_600_000;

describe('ScaledClock', () => {
  it('runs `scale` times faster than its base from its start, and converts simulated instants to real delays', () => {
    const base = new FakeClock('2026-12-03T10:00:00Z');
    const clock = new ScaledClock({ base, startAt: new Date('2026-12-02T23:00:00Z'), scale: 3600 });
    expect(clock.now().toISOString()).toBe('2026-12-02T23:00:00.000Z');
    base.advance(2_500);
    expect(clock.now().toISOString()).toBe('2026-12-03T01:30:00.000Z');
    expect(clock.realDelayUntil(Date.parse('2026-12-03T03:30:00Z'))).toBe(2_000);
    expect(clock.realDelayUntil(0)).toBe(0);
    expect(() => new ScaledClock({ base, startAt: new Date(0), scale: 0 })).toThrow(RangeError);
  });
});

describe('the demo académie', () => {
  it('has valid, unique UAIs of the four départements of Poitiers, with one or two Scribe servers each', () => {
    const schools = poitiersSchools(300);
    expect(schools).toHaveLength(300);
    expect(new Set(schools.map((s) => s.uai)).size).toBe(300);
    for (const s of schools) {
      expect(checkUai(s.uai)).toEqual({ ok: true, uai: s.uai });
      expect(['016', '017', '079', '086']).toContain(s.uai.slice(0, 3));
      expect(s.machines[0]).toBe('scribe');
      expect(s.name).toContain(` — ${s.commune}`);
    }
    const servers = schools.reduce((n, s) => n + s.machines.length, 0);
    expect(servers).toBeGreaterThan(350);
    expect(poitiersSchools(300)).toEqual(schools); // seeded
  });

  it('plays power cuts, shutdowns, network gaps and school-wide cuts longer than the offline delay, some still down at the end', () => {
    const schools = poitiersSchools(300);
    const s = buildScenario(schools, { horizonMs: 60 * H, minOutageMs: 9 * H });
    const kinds = new Set(s.incidents.map((i) => i.kind));
    expect(kinds).toEqual(new Set(['power_cut', 'shutdown', 'network_gap']));
    expect(s.incidents.some((i) => i.keys.length === 2)).toBe(true);
    expect(s.incidents.filter((i) => i.endMs === null).length).toBeGreaterThan(3);
    for (const i of s.incidents) {
      expect(i.startMs).toBeGreaterThanOrEqual(6 * H);
      if (i.endMs !== null && i.kind !== 'shutdown') expect(i.endMs - i.startMs).toBeGreaterThan(9 * H);
    }
    expect(s.neverConnected.size).toBeGreaterThan(0);
    const incidentKeys = s.incidents.flatMap((i) => i.keys);
    expect(new Set(incidentKeys).size).toBe(incidentKeys.length); // one incident per server
  });

  it('sends reports the protocol accepts', () => {
    const report = demoReport({ uai: '0860021F', machine: 'scribe', finishedAt: new Date('2026-12-03T02:30:00Z'), seed: 3 });
    expect(protocolError(ReportSchema, report)).toBeUndefined();
    expect(report.quota?.filesystems[0]?.users.length).toBeGreaterThan(20);
  });

  it('configures the collector with a window of `days` days starting today in Paris', () => {
    const window = demoWindow(new Date('2026-07-03T23:30:00Z'), 5); // already 4 July in Paris
    expect(window).toEqual({ name: 'Bascule 2026 (démo)', from: '2026-07-04', to: '2026-07-08', startMs: Date.parse('2026-07-03T22:00:00Z') });
    const config = loadCollectorConfig({ file: 'demo.yaml', readFile: () => demoCollectorYaml({ window, adminToken: 'a'.repeat(32), readerToken: 'r'.repeat(32) }), env: {} });
    expect(config.liveness?.windows).toEqual([{ name: 'Bascule 2026 (démo)', from: '2026-07-04', to: '2026-07-08', timeZone: 'Europe/Paris' }]);
  });
});
