import { describe, expect, it } from 'vitest';
import { runProbe, toProbeStatus, type Probe } from '../../../../agent/probes/probe.ts';
import { AppError } from '../../../../shared/errors.ts';
import { probeContext } from '../../../helpers/probe-context.ts';

describe('runProbe', () => {
  it('times a probe and keeps its value', async () => {
    const probe: Probe<number> = { name: 'quota', run: (ctx) => Promise.resolve(ctx.budgetMs) };
    const res = await runProbe(probe, probeContext({ budgetMs: 42 }));
    expect(res).toEqual({ probe: 'quota', ok: true, durationMs: expect.any(Number), value: 42 });
    expect(toProbeStatus(res)).toEqual({ probe: 'quota', ok: true, durationMs: res.durationMs });
  });

  it.each([
    ['an AppError keeps its code', new AppError('ERR_COMMAND_TIMEOUT', 'getent: no answer'), 'ERR_COMMAND_TIMEOUT', 'getent: no answer'],
    ['anything else is ERR_PROBE_FAILED', new TypeError('x is undefined'), 'ERR_PROBE_FAILED', 'x is undefined'],
    ['a thrown string too', 'boom', 'ERR_PROBE_FAILED', 'boom'],
  ])('turns a throw into a failed result: %s', async (_name, thrown, errorCode, errorMessage) => {
    const probe: Probe<number> = { name: 'profiles', run: () => Promise.reject(thrown) };
    const res = await runProbe(probe, probeContext());
    expect(res).toEqual({ probe: 'profiles', ok: false, durationMs: expect.any(Number), errorCode, errorMessage });
    expect(toProbeStatus(res)).toEqual({ probe: 'profiles', ok: false, durationMs: res.durationMs, errorCode, errorMessage });
  });

  it('keeps a value the probe calls a failure, with its reason (cut to 500 characters)', async () => {
    const probe: Probe<string> = { name: 'spaces', run: () => Promise.resolve('x'.repeat(600)), failureOf: (v) => ({ errorCode: 'ERR_X', errorMessage: v }) };
    const res = await runProbe(probe, probeContext());
    expect(res).toMatchObject({ ok: false, value: 'x'.repeat(600), errorCode: 'ERR_X' });
    expect(res.errorMessage).toHaveLength(500);
  });
});
