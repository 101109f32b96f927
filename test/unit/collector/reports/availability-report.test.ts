import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../../../collector/domain/maintenance-windows.ts';
import { ACCOUNTING_METHOD_FR, buildAvailabilityReport } from '../../../../collector/reports/availability-report.ts';
import type { AvailabilityServerInput, OutageInput, SilenceInput } from '../../../../collector/reports/availability-report-types.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';

const H = 3600;
const DAY = 24 * H;
const UAI = '0860021F';
const OTHER = '0170001J';
const ms = (iso: string): number => new Date(iso).getTime();

/** « Bascule 2025 » 2025-07-05 → 2025-09-12 in Europe/Paris = [2025-07-04T22:00Z, 2025-09-12T22:00Z): 70 days. */
const BASCULE: MaintenanceWindow = { name: 'Bascule 2025', from: '2025-07-05', to: '2025-09-12', timeZone: 'Europe/Paris', exceptions: [] };
const AFTER = new FakeClock('2025-09-20T10:00:00Z');

function server(over: Partial<AvailabilityServerInput> = {}): AvailabilityServerInput {
  return {
    uai: UAI, machine: 'scribe', schoolName: 'Collège Jean Moulin', academie: 'ac-poitiers',
    enrolledAtMs: ms('2025-06-01T08:00:00Z'), retiredAtMs: null, firstSeenAtMs: ms('2025-06-01T08:05:00Z'), state: 'online', outages: [],
    ...over,
  };
}

function outage(from: string, to: string | null, cause: OutageInput['cause'] = 'power_loss', rebooted: boolean | null = true): OutageInput {
  return { startedAtMs: ms(from), endedAtMs: to === null ? null : ms(to), cause, provisional: to === null, rebooted: to === null ? null : rebooted };
}

function silence(from: string, to: string, machine: string | null = 'scribe', uai = UAI): SilenceInput {
  return { uai, machine, startsAtMs: ms(from), endsAtMs: ms(to), reason: 'travaux électriques' };
}

function build(servers: AvailabilityServerInput[], opts: { silences?: SilenceInput[]; window?: MaintenanceWindow; now?: FakeClock; uai?: string | null } = {}) {
  return buildAvailabilityReport({
    window: opts.window ?? BASCULE, explicit: false, uai: opts.uai ?? null, now: (opts.now ?? AFTER).now(), servers, silences: opts.silences ?? [],
  });
}

describe('one server in « Bascule 2025 »', () => {
  it.each([
    {
      name: 'no outage: fully available and powered over the 70 days',
      input: server(),
      expected: { coveredSeconds: 70 * DAY, measuredSeconds: 70 * DAY, unreachableSeconds: 0, availability: 1, poweredRatio: 1, outageCount: 0 },
    },
    {
      name: 'outage starting before the window (20:00Z the day before) counts from the window start (22:00Z)',
      input: server({ outages: [outage('2025-07-04T20:00:00Z', '2025-07-05T02:00:00Z')] }),
      expected: { unreachableSeconds: 4 * H, poweredOffSeconds: 4 * H, outageCount: 1, longestOutageSeconds: 4 * H },
      outage: { from: '2025-07-04T22:00:00.000Z', to: '2025-07-05T02:00:00.000Z', startsBeforePeriod: true, continuesAfterPeriod: false },
    },
    {
      name: 'outage ending after the window counts up to the window end',
      input: server({ outages: [outage('2025-09-12T20:00:00Z', '2025-09-13T01:00:00Z', 'shutdown')] }),
      expected: { unreachableSeconds: 2 * H, unreachableByCause: { shutdown: 2 * H, power_loss: 0, network: 0, site: 0 } },
      outage: { from: '2025-09-12T20:00:00.000Z', to: '2025-09-12T22:00:00.000Z', startsBeforePeriod: false, continuesAfterPeriod: true, ongoing: false },
    },
    {
      name: 'outages entirely outside the window are ignored',
      input: server({ outages: [outage('2025-07-01T08:00:00Z', '2025-07-02T08:00:00Z'), outage('2025-09-15T08:00:00Z', null)] }),
      expected: { unreachableSeconds: 0, outageCount: 0, availability: 1 },
    },
    {
      name: 'network gap: unreachable but powered',
      input: server({ outages: [outage('2025-08-01T10:00:00Z', '2025-08-01T13:00:00Z', 'network', false)] }),
      expected: { unreachableSeconds: 3 * H, poweredOffSeconds: 0, poweredRatio: 1, availability: 1 - (3 * H) / (70 * DAY) },
      outage: { powered: true, cause: 'network' },
    },
    {
      name: 'site-wide outage without reboot stayed powered; with a reboot it was off',
      input: server({ outages: [outage('2025-08-01T10:00:00Z', '2025-08-01T11:00:00Z', 'site', false), outage('2025-08-02T10:00:00Z', '2025-08-02T12:00:00Z', 'site', true)] }),
      expected: { unreachableSeconds: 3 * H, poweredOffSeconds: 2 * H, unreachableByCause: { shutdown: 0, power_loss: 0, network: 0, site: 3 * H } },
    },
    {
      name: 'open outage after the window counts up to the window end, not up to now',
      input: server({ state: 'offline', outages: [outage('2025-09-12T12:00:00Z', null)] }),
      expected: { unreachableSeconds: 10 * H, poweredOffSeconds: 10 * H },
      outage: { ongoing: true, continuesAfterPeriod: true, endedAt: null, provisional: true },
      extra: { downNow: false },
    },
    {
      name: 'enrolled mid-window, first report two hours later: covered from enrolment, the 2 h before the first report not measured',
      input: server({ enrolledAtMs: ms('2025-08-01T10:00:00Z'), firstSeenAtMs: ms('2025-08-01T12:00:00Z') }),
      expected: { coveredSeconds: ms('2025-09-12T22:00:00Z') / 1000 - ms('2025-08-01T10:00:00Z') / 1000, notMonitoredSeconds: 2 * H, availability: 1 },
      extra: { periodFrom: '2025-08-01T10:00:00.000Z', periodTo: '2025-09-12T22:00:00.000Z' },
    },
    {
      name: 'retired mid-window: covered up to retirement',
      input: server({ retiredAtMs: ms('2025-07-05T22:00:00Z'), state: 'retired' }),
      expected: { coveredSeconds: DAY },
    },
    {
      name: 'never reported: nothing measured, availability unknown',
      input: server({ firstSeenAtMs: null, state: 'unknown' }),
      expected: { coveredSeconds: 70 * DAY, notMonitoredSeconds: 70 * DAY, measuredSeconds: 0, availability: null, poweredRatio: null },
      extra: { neverReported: true },
    },
  ])('$name', ({ input, expected, outage: line, extra }) => {
    const report = build([input]);
    expect(report.servers).toHaveLength(1);
    expect(report.servers[0]).toMatchObject({ ...expected, ...extra });
    if (line !== undefined) expect(report.servers[0]!.outages[0]).toMatchObject(line);
  });

  it('an open outage inside the window, window in progress: counts up to now, the server is down now', () => {
    const now = new FakeClock('2025-09-11T04:00:00Z');
    const report = build([server({ state: 'offline', outages: [outage('2025-09-10T22:00:00Z', null)] })], { now });
    const s = report.servers[0]!;
    expect(report.window.status).toBe('in_progress');
    expect(s).toMatchObject({ unreachableSeconds: 6 * H, downNow: true, periodTo: '2025-09-11T04:00:00.000Z' });
    expect(s.outages[0]).toMatchObject({ ongoing: true, to: '2025-09-11T04:00:00.000Z', durationSeconds: 6 * H });
    expect(report.fleet.serversDownNow).toBe(1);
    now.advance(2 * H * 1000);
    expect(build([server({ outages: [outage('2025-09-10T22:00:00Z', null)] })], { now }).servers[0]!.unreachableSeconds).toBe(8 * H);
  });

  it('window not started yet: nothing covered', () => {
    const report = build([server()], { now: new FakeClock('2025-07-01T00:00:00Z') });
    expect(report.window.status).toBe('not_started');
    expect(report.servers[0]).toMatchObject({ coveredSeconds: 0, availability: null, periodFrom: null });
  });
});

describe('silences (announced works) leave the denominator', () => {
  const OUT = outage('2025-08-01T10:00:00Z', '2025-08-01T14:00:00Z');
  it.each([
    { name: 'silence overlapping the end of an outage', silences: [silence('2025-08-01T12:00:00Z', '2025-08-01T16:00:00Z')], unreachable: 2 * H, silenced: 4 * H, downSilenced: 2 * H },
    { name: 'silence covering the whole outage', silences: [silence('2025-08-01T08:00:00Z', '2025-08-01T18:00:00Z')], unreachable: 0, silenced: 10 * H, downSilenced: 4 * H },
    { name: 'overlapping silences count once', silences: [silence('2025-08-01T09:00:00Z', '2025-08-01T11:00:00Z'), silence('2025-08-01T10:00:00Z', '2025-08-01T12:00:00Z')], unreachable: 2 * H, silenced: 3 * H, downSilenced: 2 * H },
    { name: 'a school-wide silence (no machine) applies', silences: [silence('2025-08-01T10:00:00Z', '2025-08-01T11:00:00Z', null)], unreachable: 3 * H, silenced: H, downSilenced: H },
    { name: "another server's silence does not", silences: [silence('2025-08-01T10:00:00Z', '2025-08-01T11:00:00Z', 'amon')], unreachable: 4 * H, silenced: 0, downSilenced: 0 },
    { name: "another school's silence does not", silences: [silence('2025-08-01T10:00:00Z', '2025-08-01T11:00:00Z', null, OTHER)], unreachable: 4 * H, silenced: 0, downSilenced: 0 },
    { name: 'silence partly before the window is clipped', silences: [silence('2025-07-04T12:00:00Z', '2025-07-05T00:00:00Z')], unreachable: 4 * H, silenced: 2 * H, downSilenced: 0 },
  ])('$name', ({ silences, unreachable, silenced, downSilenced }) => {
    const s = build([server({ outages: [OUT] })], { silences }).servers[0]!;
    expect(s.unreachableSeconds).toBe(unreachable);
    expect(s.silencedSeconds).toBe(silenced);
    expect(s.measuredSeconds).toBe(70 * DAY - silenced);
    expect(s.downWhileSilencedSeconds).toBe(downSilenced);
    expect(s.availability).toBeCloseTo(1 - unreachable / (70 * DAY - silenced), 12);
    expect(s.outages[0]!.silencedSeconds).toBe(downSilenced);
  });
});

describe('daylight-saving change inside the window', () => {
  // Europe/Paris leaves summer time on 2025-10-26 at 03:00 CEST → 02:00 CET: the window is one hour longer.
  const AUTUMN: MaintenanceWindow = { name: 'Vacances de la Toussaint', from: '2025-10-18', to: '2025-11-02', timeZone: 'Europe/Paris', exceptions: [] };
  it('counts real elapsed time: 16 days + 1 hour, outage across the change is 2 h', () => {
    const report = build([server({ outages: [outage('2025-10-26T00:30:00Z', '2025-10-26T02:30:00Z')] })], { window: AUTUMN, now: new FakeClock('2025-11-10T00:00:00Z') });
    expect(report.window).toMatchObject({ startAt: '2025-10-17T22:00:00.000Z', endAt: '2025-11-02T23:00:00.000Z' });
    expect(report.servers[0]).toMatchObject({ coveredSeconds: 16 * DAY + H, unreachableSeconds: 2 * H });
  });
  it('spring change: the window of 2026-03-28 → 2026-03-29 lasts 47 hours', () => {
    const spring: MaintenanceWindow = { name: 'Printemps', from: '2026-03-28', to: '2026-03-29', timeZone: 'Europe/Paris', exceptions: [] };
    const report = build([server()], { window: spring, now: new FakeClock('2026-04-10T00:00:00Z') });
    expect(report.servers[0]!.coveredSeconds).toBe(47 * H);
  });
});

describe('per-school window exceptions', () => {
  const WITH_EXCEPTIONS: MaintenanceWindow = {
    ...BASCULE,
    exceptions: [{ uai: OTHER, exclude: true }, { uai: '9740001A', from: '2025-07-10', timeZone: 'Indian/Reunion' }],
  };
  it('an excluded school is left out and listed; a school with its own dates and zone is covered on them', () => {
    const report = build([server(), server({ uai: OTHER }), server({ uai: '9740001A', machine: 'scribe' })], { window: WITH_EXCEPTIONS });
    expect(report.servers.map((s) => s.uai).sort()).toEqual([UAI, '9740001A']);
    expect(report.excludedSchools).toEqual([OTHER]);
    expect(report.schoolExceptions).toEqual([{ uai: '9740001A', from: '2025-07-10', to: '2025-09-12', timeZone: 'Indian/Reunion' }]);
    const reunion = report.servers.find((s) => s.uai === '9740001A')!;
    // Réunion is UTC+4 all year: 2025-07-10T00:00+04 → 2025-09-13T00:00+04
    expect(reunion).toMatchObject({ periodFrom: '2025-07-09T20:00:00.000Z', periodTo: '2025-09-12T20:00:00.000Z', coveredSeconds: 65 * DAY });
  });
  it('the uai filter keeps one school', () => {
    const report = build([server(), server({ uai: OTHER })], { uai: OTHER });
    expect(report.servers.map((s) => s.uai)).toEqual([OTHER]);
    expect(report.fleet).toMatchObject({ servers: 1, schools: 1 });
  });
});

describe('schools, fleet summary, order', () => {
  const servers = [
    server({ machine: 'scribe' }),
    server({ machine: 'amon', outages: [outage('2025-08-01T10:00:00Z', '2025-08-01T10:30:00Z', 'network', false)] }),
    server({ uai: OTHER, schoolName: 'Lycée Bellevue', outages: [outage('2025-08-01T00:00:00Z', '2025-08-03T00:00:00Z'), outage('2025-08-10T00:00:00Z', '2025-08-10T01:00:00Z', 'shutdown')] }),
    server({ uai: '0170002K', schoolName: 'Collège Neuf', firstSeenAtMs: null, state: 'unknown' }),
  ];
  const report = build(servers);

  it('servers worst first, never-measured last', () => {
    expect(report.servers.map((s) => `${s.uai}/${s.server}`)).toEqual([`${OTHER}/scribe`, `${UAI}/amon`, `${UAI}/scribe`, '0170002K/scribe']);
  });

  it('school totals are sums, availability weighted by measured time', () => {
    const school = report.schools.find((s) => s.uai === UAI)!;
    expect(school).toMatchObject({ servers: 2, measuredSeconds: 140 * DAY, unreachableSeconds: 0.5 * H, poweredOffSeconds: 0, outageCount: 1 });
    expect(school.availability).toBeCloseTo(1 - 0.5 * H / (140 * DAY), 12);
    expect(report.schools.map((s) => s.uai)).toEqual([OTHER, UAI, '0170002K']);
  });

  it('fleet summary counts servers never off, off ≥ 1 h, never reported', () => {
    expect(report.fleet).toMatchObject({
      schools: 3, servers: 4, serversMeasured: 3, serversNeverReported: 1, serversAlwaysReachable: 1, serversNeverPoweredOff: 2,
      serversOffAtLeastOneHour: 1, serversUnreachableAtLeastOneHour: 1, serversDownNow: 0,
      outagesByCause: { shutdown: 1, power_loss: 1, network: 1, site: 0 }, outageCount: 3, longestOutageSeconds: 2 * DAY,
      unreachableSeconds: 2 * DAY + H + 0.5 * H,
    });
  });

  it('states the accounting method', () => {
    expect(report.method).toBe(ACCOUNTING_METHOD_FR);
    expect(report.method.join(' ')).toMatch(/Silences ponctuels.*retirée du temps mesuré/);
    expect(report.method.join(' ')).toMatch(/coupure réseau.*sous tension/);
  });

  it('servers enrolled after the window or retired before it are left out', () => {
    const r = build([server({ enrolledAtMs: ms('2025-09-13T00:00:00Z') }), server({ machine: 'old', retiredAtMs: ms('2025-07-01T00:00:00Z') })]);
    expect(r.servers).toEqual([]);
    expect(r.fleet).toMatchObject({ servers: 0, availability: null });
  });
});
