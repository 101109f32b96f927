// The contract every scan probe follows, and the one place that runs a probe: times it, turns a throw into a
// failed result (errors as data: one probe failing never stops the others), and asks the probe whether a value
// it answered is still a failure (quota: repquota failed on one mount while another answered).
import { performance } from 'node:perf_hooks';
import { isAppError } from '../../shared/errors.ts';
import type { ProbeStatus } from '../../shared/protocol/report.ts';

export type ProbeName = 'profiles' | 'quota' | 'spaces';

export interface ProbeContext {
  /** The scan's "now" (from the agent's clock). */
  readonly now: Date;
  /** Time budget of the probe, ms (the walk stops and flags itself partial past it). */
  readonly budgetMs: number;
  /** Aborted when the scan is stopped: probes kill their commands and walkers. */
  readonly signal: AbortSignal;
}

export interface ProbeFailure {
  errorCode: string;
  errorMessage: string;
}

export interface Probe<T, N extends ProbeName = ProbeName> {
  readonly name: N;
  run(ctx: ProbeContext): Promise<T>;
  /** A value that is still a failure (it is kept and reported, but the probe counts as failed). */
  failureOf?(value: T): ProbeFailure | undefined;
}

export interface ProbeResult<T> {
  probe: ProbeName;
  ok: boolean;
  durationMs: number;
  value?: T;
  errorCode?: string;
  errorMessage?: string;
}

const MAX_MESSAGE = 500;

/** Runs one probe; never throws. */
export async function runProbe<T>(probe: Probe<T>, ctx: ProbeContext): Promise<ProbeResult<T>> {
  const t0 = performance.now();
  const elapsed = (): number => Math.round(performance.now() - t0);
  let value: T;
  try {
    value = await probe.run(ctx);
  } catch (err) {
    return {
      probe: probe.name, ok: false, durationMs: elapsed(),
      errorCode: isAppError(err) ? err.code : 'ERR_PROBE_FAILED',
      errorMessage: (err instanceof Error ? err.message : String(err)).slice(0, MAX_MESSAGE),
    };
  }
  const durationMs = elapsed();
  const failure = probe.failureOf?.(value);
  if (failure === undefined) return { probe: probe.name, ok: true, durationMs, value };
  return { probe: probe.name, ok: false, durationMs, value, errorCode: failure.errorCode, errorMessage: failure.errorMessage.slice(0, MAX_MESSAGE) };
}

/** The report's `probes` entry of a result (the value itself goes into its own section). */
export function toProbeStatus(result: ProbeResult<unknown>): ProbeStatus {
  const status: ProbeStatus = { probe: result.probe, ok: result.ok, durationMs: result.durationMs };
  if (result.errorCode !== undefined) status.errorCode = result.errorCode;
  if (result.errorMessage !== undefined) status.errorMessage = result.errorMessage;
  return status;
}
