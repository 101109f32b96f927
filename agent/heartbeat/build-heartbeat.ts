import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION, type Event, type EventType, type Heartbeat, type UpsReading } from '../../shared/protocol/index.ts';
import type { AgentIdentity } from '../identity/resolve-identity.ts';
import type { SystemReading } from '../system/system-info.ts';

/** The agent's version, sent with every message. */
export const AGENT_VERSION = '0.1.0';

/** Boot time from "now" and the uptime, rounded to the second so it is stable across beats. */
export function bootTimeOf(now: Date, uptimeSeconds: number): Date {
  return new Date(Math.round((now.getTime() - uptimeSeconds * 1000) / 1000) * 1000);
}

/** Builds a heartbeat from a system reading (pure: time and id are inputs). */
export function buildHeartbeat(args: {
  identity: AgentIdentity;
  reading: SystemReading;
  now: Date;
  intervalSeconds: number;
  /** The spool's figures; left out of the message when nothing is pending and nothing was dropped. */
  spool?: { readonly pending: number; readonly droppedTotal: number };
  /** The UPS reading of this beat, when there is one. */
  ups?: UpsReading | undefined;
  /** Round trip of the previous push (ms), when one was measured. */
  lastRoundTripMs?: number | undefined;
}): Heartbeat {
  const { identity, reading, now } = args;
  const hb: Heartbeat = {
    schemaVersion: SCHEMA_VERSION,
    messageId: randomUUID(),
    sentAt: now.toISOString(),
    server: identity.server,
    agentVersion: AGENT_VERSION,
    intervalSeconds: args.intervalSeconds,
    bootTime: bootTimeOf(now, reading.uptimeSeconds).toISOString(),
    uptimeSeconds: Math.round(reading.uptimeSeconds * 100) / 100,
    load: reading.load,
    memory: reading.memory,
    filesystems: reading.filesystems,
    ...(args.lastRoundTripMs === undefined ? {} : { lastRoundTripMs: Math.min(args.lastRoundTripMs, 600_000) }),
    ...(args.spool !== undefined && (args.spool.pending > 0 || args.spool.droppedTotal > 0)
      ? { spool: { pending: args.spool.pending, droppedTotal: args.spool.droppedTotal } }
      : {}),
    ...(args.ups === undefined ? {} : { ups: args.ups }),
  };
  return Object.keys(identity.eole).length > 0 ? { ...hb, eole: identity.eole } : hb;
}

/** Builds a life-cycle event. */
export function buildEvent(args: { identity: AgentIdentity; type: EventType; now: Date; bootTime: Date; reason?: string }): Event {
  const ev: Event = {
    schemaVersion: SCHEMA_VERSION,
    messageId: randomUUID(),
    sentAt: args.now.toISOString(),
    server: args.identity.server,
    agentVersion: AGENT_VERSION,
    type: args.type,
    at: args.now.toISOString(),
    bootTime: args.bootTime.toISOString(),
  };
  return args.reason === undefined ? ev : { ...ev, reason: args.reason };
}
