import type { Heartbeat } from './heartbeat.ts';

/** A value a real server cannot send, with the JSON path of the field (`body/bootTime`) and why. */
export interface Implausible {
  readonly field: string;
  readonly reason: string;
}

/**
 * Slack between `bootTime` and `sentAt`: the agent derives both from one reading of its clock
 * (`bootTime = sentAt − uptime`), so only rounding separates them.
 */
export const BOOT_TIME_SLACK_MS = 60_000;

/**
 * Checks what a schema cannot say about a heartbeat: the server cannot have booted after it sent the message.
 * Both instants come from the agent's clock, so a server whose clock is off is still judged consistently
 * (the collector's own clock decides liveness). Returns the first problem, or undefined.
 */
export function implausibleHeartbeat(hb: Pick<Heartbeat, 'bootTime' | 'sentAt'>): Implausible | undefined {
  const bootMs = Date.parse(hb.bootTime);
  const sentMs = Date.parse(hb.sentAt);
  if (Number.isNaN(bootMs)) return { field: 'body/bootTime', reason: `is not a date (actual: ${JSON.stringify(hb.bootTime)})` };
  if (Number.isNaN(sentMs)) return { field: 'body/sentAt', reason: `is not a date (actual: ${JSON.stringify(hb.sentAt)})` };
  if (bootMs > sentMs + BOOT_TIME_SLACK_MS) {
    return { field: 'body/bootTime', reason: `is in the future of the message: a server cannot boot after it sent it (body/sentAt ${hb.sentAt}, actual: ${hb.bootTime})` };
  }
  return undefined;
}
