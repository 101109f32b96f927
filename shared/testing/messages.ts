import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION, type Event, type Heartbeat, type Report, type ServerIdentity } from '../protocol/index.ts';

/** The default persona: `scribe` of Collège Jean Moulin, reporting on time. */
export const ALPHA: ServerIdentity = { uai: '0860021F', machine: 'scribe' };

/** The fields every message starts with, a new messageId each time. */
function envelope(sentAt: string) {
  return { schemaVersion: SCHEMA_VERSION, messageId: randomUUID(), sentAt, server: ALPHA, agentVersion: '0.1.0' };
}

/** A valid heartbeat; override any field. */
export function aHeartbeat(overrides: Partial<Heartbeat> = {}): Heartbeat {
  return {
    ...envelope('2025-07-10T08:00:00.000Z'),
    intervalSeconds: 60,
    bootTime: '2025-07-01T06:30:00.000Z',
    uptimeSeconds: 783_000,
    eole: { module: 'scribe', version: '2.8', release: '2.8.1', establishment: 'Collège Jean Moulin', academy: 'ac-poitiers' },
    load: { load1: 0.12, load5: 0.2, load15: 0.25 },
    memory: { totalBytes: 8 * 1024 ** 3, availableBytes: 5 * 1024 ** 3 },
    filesystems: [
      { mount: '/', device: '/dev/mapper/scribe--vg-root', fsType: 'ext4', sizeBytes: 20 * 1024 ** 3, availBytes: 12 * 1024 ** 3 },
      { mount: '/home', device: '/dev/mapper/scribe--vg-home', fsType: 'ext4', sizeBytes: 500 * 1024 ** 3, availBytes: 300 * 1024 ** 3 },
    ],
    ...overrides,
  };
}

/** A valid life-cycle event; override any field. */
export function anEvent(overrides: Partial<Event> = {}): Event {
  return {
    ...envelope('2025-07-10T08:00:00.000Z'),
    type: 'startup',
    at: '2025-07-10T08:00:00.000Z',
    bootTime: '2025-07-01T06:30:00.000Z',
    ...overrides,
  };
}

/** A valid, minimal report (no sections); override any field. */
export function aMinimalReport(overrides: Partial<Report> = {}): Report {
  return {
    ...envelope('2025-07-10T02:35:00.000Z'),
    startedAt: '2025-07-10T02:30:00.000Z',
    finishedAt: '2025-07-10T02:34:00.000Z',
    probes: [],
    ...overrides,
  };
}
