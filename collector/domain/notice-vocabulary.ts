/**
 * The vocabulary of notices (what the alert policy decides and the notifiers deliver): their kinds, their
 * severities and the server state they report. Pure constants and the types derived from them, no I/O.
 */
import type { LivenessState } from './liveness-state.ts';

/** Every kind of notice, in the order of an outage's life. */
export const NOTICE_KINDS = ['down', 'reminder', 'up', 'ups_on_battery', 'ups_on_mains'] as const;
/**
 * - `down`: the first notice of an outage.
 * - `reminder`: the outage is still open (repeated, possibly escalated when a maintenance window opens).
 * - `up`: the server is back online (sent only when a down notice was sent).
 * - `ups_on_battery`: the server still beats but its UPS runs on battery (« sur batterie »: the mains are off).
 * - `ups_on_mains`: its UPS is back on line power (sent only when `ups_on_battery` was sent).
 */
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Kinds about a UPS episode rather than an outage. */
export function isUpsKind(kind: NoticeKind): kind is 'ups_on_battery' | 'ups_on_mains' {
  return kind === 'ups_on_battery' || kind === 'ups_on_mains';
}

/** Kinds that resolve what an earlier notice raised (`up`, `ups_on_mains`). */
export function isResolution(kind: NoticeKind): boolean {
  return kind === 'up' || kind === 'ups_on_mains';
}

/** Every severity, worst first (also the `severity` label of alerts). */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
/**
 * - `critical`: an outage inside a maintenance window.
 * - `warning`: an outage outside every window (when the policy raises one at all).
 * - `info`: nothing to do (the policy's back-online decision).
 */
export type Severity = (typeof SEVERITIES)[number];

/** The liveness states a notice can report: down (`offline`, `shutdown`) or back (`online`). */
export const NOTICE_STATES = ['offline', 'shutdown', 'online'] as const satisfies readonly LivenessState[];
export type NoticeState = (typeof NOTICE_STATES)[number];
