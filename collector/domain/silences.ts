/**
 * One-off silences: "say nothing about this server (or this whole school) until <end>". A silence holds back
 * down notices and reminders; it never hides a back-online notice for an outage that was already announced,
 * and the state and history keep being recorded underneath.
 */
import { invalidMessage } from '../../shared/errors.ts';

export interface Silence {
  readonly id: number;
  /** The school concerned. */
  readonly uai: string;
  /** The machine concerned; null silences every server of the school. */
  readonly machine: string | null;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly reason: string;
  readonly createdBy: string;
}

/** Whom a silence is checked against. */
export interface SilenceTarget {
  readonly uai: string;
  readonly machine: string;
}

/** True when `silence` covers `target` at `nowMs` (`[startsAtMs, endsAtMs)`). */
export function silenceCovers(silence: Silence, target: SilenceTarget, nowMs: number): boolean {
  if (nowMs < silence.startsAtMs || nowMs >= silence.endsAtMs) return false;
  if (silence.uai !== target.uai) return false;
  return silence.machine === null || silence.machine === target.machine;
}

/** The silence covering `target` now that ends last, or null. */
export function activeSilence(silences: readonly Silence[], target: SilenceTarget, nowMs: number): Silence | null {
  let best: Silence | null = null;
  for (const s of silences) {
    if (!silenceCovers(s, target, nowMs)) continue;
    if (best === null || s.endsAtMs > best.endsAtMs) best = s;
  }
  return best;
}

/** Why a new silence is refused, or null when it is acceptable. */
export function checkNewSilence(input: { startsAtMs: number; endsAtMs: number; reason: string }, nowMs: number): string | null {
  if (!Number.isFinite(input.endsAtMs)) return invalidMessage('silence', 'endsAt', 'an ISO-8601 date-time', input.endsAtMs);
  if (input.endsAtMs <= nowMs) {
    return invalidMessage('silence', 'endsAt', 'an instant in the future', new Date(input.endsAtMs).toISOString());
  }
  if (input.endsAtMs <= input.startsAtMs) {
    return invalidMessage('silence', 'endsAt', 'after startsAt', new Date(input.endsAtMs).toISOString());
  }
  if (input.reason.trim() === '') return invalidMessage('silence', 'reason', 'a non-empty text', input.reason);
  return null;
}
