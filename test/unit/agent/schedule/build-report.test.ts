import { describe, expect, it } from 'vitest';
import { createQuotaProbe, DEFAULT_QUOTA_PROBE_CONFIG } from '../../../../agent/probes/quota/quota-probe.ts';
import { buildReport, type ReportProbe } from '../../../../agent/schedule/build-report.ts';
import { createScanRunner } from '../../../../agent/schedule/scan-runner.ts';
import type { UserDirectory } from '../../../../agent/probes/profiles/profile-map.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { QuotaSection } from '../../../../shared/protocol/quota-section.ts';
import { ReportSchema, type Report } from '../../../../shared/protocol/report.ts';
import type { SpacesSection } from '../../../../shared/protocol/spaces-section.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { protocolError } from '../../../../shared/testing/validate-message.ts';

const dir: UserDirectory = {
  profiles: new Map([['lea', 'eleve'], ['prof', 'enseignant']]),
  uidByLogin: new Map([['lea', 3001], ['prof', 2001]]),
  loginByUid: new Map([[3001, 'lea'], [2001, 'prof']]),
};
const user = (login: string, uid?: number) => ({
  login, ...(uid === undefined ? {} : { uid }), usedBytes: 1024, softLimitBytes: null, hardLimitBytes: null,
  files: 1, fileSoftLimit: null, fileHardLimit: null, status: 'ok' as const,
});
const quota = (): QuotaSection => ({ status: 'ok', filesystems: [{ device: '/dev/sda', users: [user('#3001', 3001), user('prof'), user('#999', 999)] }] });
const space = (kind: 'perso' | 'commun', name: string) => ({
  kind, name, path: `/home/${name}`, allocatedBytes: 4096, apparentBytes: 10, files: 1, directories: 1,
  ageBytes: { lt1y: 10, y1to3: 0, gt3y: 0 }, largestFiles: [], errorCount: 0, errors: [], truncated: false,
});
const spaces = (): SpacesSection => ({ partial: false, durationMs: 5, spaces: [space('perso', 'lea'), space('commun', 'commun')], brokenPupilLinks: [] });

function deps(over: Partial<Parameters<typeof buildReport>[0]> = {}) {
  const clock = new FakeClock('2026-11-30T01:30:00Z');
  return {
    server: { uai: '0860021F', machine: 'scribe' }, agentVersion: '0.1.0', clock, newId: () => '0f8fad5b-d9cb-469f-a165-70867728950e', budgetMs: 1000,
    probes: probes(clock),
    ...over,
  };
}

/** The three probes of a scan, fakes answering `over` instead of the defaults when given. */
function probes(clock: FakeClock, over: { profiles?: () => Promise<UserDirectory>; quota?: () => Promise<QuotaSection> } = {}): ReportProbe[] {
  return [
    { name: 'profiles', run: over.profiles ?? (() => Promise.resolve(dir)) },
    // The real quota probe's verdict on its value, with a fake run.
    { ...createQuotaProbe({ runner: { run: () => Promise.reject(new Error('unused')) }, clock, config: DEFAULT_QUOTA_PROBE_CONFIG }), run: over.quota ?? (() => Promise.resolve(quota())) },
    { name: 'spaces', run: () => { clock.advance(60_000); return Promise.resolve(spaces()); } },
  ];
}

describe('buildReport', () => {
  it('assembles a valid Report with logins, uids and profiles filled in', async () => {
    const report = await buildReport(deps());
    expect(protocolError(ReportSchema, report)).toBeUndefined();
    expect(report).toMatchObject({ schemaVersion: '1.0', startedAt: '2026-11-30T01:30:00.000Z', finishedAt: '2026-11-30T01:31:00.000Z', sentAt: '2026-11-30T01:31:00.000Z' });
    expect(report.quota?.filesystems[0]?.users.map((u) => [u.login, u.uid, u.profile])).toEqual([
      ['lea', 3001, 'eleve'], ['prof', 2001, 'enseignant'], ['#999', 999, undefined],
    ]);
    expect(report.spaces?.spaces.map((s) => s.profile)).toEqual(['eleve', undefined]);
    expect(report.probes.map((p) => [p.probe, p.ok])).toEqual([['profiles', true], ['quota', true], ['spaces', true]]);
  });

  it('keeps the other sections when a probe fails, and says which failed', async () => {
    const clock = new FakeClock('2026-11-30T01:30:00Z');
    const report = await buildReport(deps({
      clock,
      probes: probes(clock, {
        profiles: () => Promise.reject(new AppError('ERR_COMMAND_TIMEOUT', 'getent: no answer within 1 ms')),
        quota: () => Promise.resolve({ status: 'error', error: 'repquota: exit code 2', filesystems: [] }),
      }),
    }));
    expect(protocolError(ReportSchema, report)).toBeUndefined();
    expect(report.probes).toEqual([
      expect.objectContaining({ probe: 'profiles', ok: false, errorCode: 'ERR_COMMAND_TIMEOUT' }),
      expect.objectContaining({ probe: 'quota', ok: false, errorCode: 'ERR_QUOTA_PROBE', errorMessage: 'repquota: exit code 2' }),
      expect.objectContaining({ probe: 'spaces', ok: true }),
    ]);
    expect(report.quota?.status).toBe('error');
    expect(report.spaces?.spaces).toHaveLength(2);
  });

  it('reports not_enabled quotas as a successful probe', async () => {
    const clock = new FakeClock('2026-11-30T01:30:00Z');
    const report = await buildReport(deps({ clock, probes: probes(clock, { quota: () => Promise.resolve({ status: 'not_enabled', filesystems: [] }) }) }));
    expect(report.probes.find((p) => p.probe === 'quota')?.ok).toBe(true);
  });
});

describe('createScanRunner', () => {
  it('delivers the report, skips a second run while one is going, and aborts its probes through the signal', async () => {
    let release!: () => void;
    let seenSignal: AbortSignal | undefined;
    const delivered: Report[] = [];
    const base = deps();
    const waiting: ReportProbe = {
      name: 'spaces',
      run: async (ctx) => {
        seenSignal = ctx.signal;
        await new Promise<void>((r) => (release = r));
        return spaces();
      },
    };
    const runner = createScanRunner({
      ...base,
      probes: [waiting],
      deliver: (r) => { delivered.push(r); return Promise.resolve('sent'); },
    });
    const first = runner.runOnce();
    expect(runner.isRunning()).toBe(true);
    expect(await runner.runOnce()).toEqual({ status: 'skipped', reason: 'already_running' });
    await new Promise((r) => setTimeout(r, 0));
    runner.abort();
    expect(seenSignal?.aborted).toBe(true);
    release();
    const outcome = await first;
    expect(outcome.status).toBe('done');
    expect(outcome.status === 'done' && outcome.delivered).toBe('sent');
    expect(delivered).toHaveLength(1);
    expect(runner.stats()).toEqual({ runs: 1, skipped: 1 });
    expect(runner.isRunning()).toBe(false);
  });
});
