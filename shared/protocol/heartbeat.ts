import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema, envelopeFields, MAX_COUNT } from './common.ts';
import { UpsReadingSchema } from './ups.ts';

/** Longest path Linux takes (PATH_MAX). */
const PATH_MAX = 4096;
/**
 * Highest load average a Linux server can show: it counts runnable and uninterruptible tasks, which cannot
 * outnumber the largest pid (PID_MAX_LIMIT, 2^22). A load of `1e308` is a forgery or a bug, refused.
 */
export const MAX_LOAD = 4_194_304;
/** A century, in seconds: no server has been up longer. */
export const MAX_UPTIME_SECONDS = 100 * 365.25 * 86_400;

/** One mounted filesystem as the agent sees it (the ones holding `/` and `/home`). */
export const FilesystemSchema = Type.Object(
  {
    mount: Type.String({ minLength: 1, maxLength: PATH_MAX, description: 'Mount point, e.g. `/home`.' }),
    device: Type.String({ maxLength: PATH_MAX, description: 'Block device or source, e.g. `/dev/mapper/scribe--vg-home`.' }),
    fsType: Type.String({ maxLength: 64, description: 'Filesystem type, e.g. `ext4`.' }),
    sizeBytes: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Total size in bytes.' }),
    availBytes: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Bytes available to unprivileged users.' }),
  },
  { additionalProperties: false },
);
export type Filesystem = Static<typeof FilesystemSchema>;

/** What the server says about itself from EOLE's config (all optional: a bare Ubuntu has none). */
export const EoleInfoSchema = Type.Object(
  {
    module: Type.Optional(Type.String({ maxLength: 256, description: 'EOLE module, e.g. `scribe`.' })),
    version: Type.Optional(Type.String({ maxLength: 256, description: 'EOLE version, e.g. `2.8`.' })),
    release: Type.Optional(Type.String({ maxLength: 256, description: 'EOLE release, e.g. `2.8.1`.' })),
    establishment: Type.Optional(Type.String({ maxLength: 256, description: 'School name (`libelle_etab`).' })),
    academy: Type.Optional(Type.String({ maxLength: 256, description: 'Académie (`nom_academie`), e.g. `ac-poitiers`.' })),
  },
  { additionalProperties: false, description: 'Identity details read from /etc/eole.' },
);
export type EoleInfo = Static<typeof EoleInfoSchema>;

/** `POST /api/v1/heartbeat`: "I am alive", every `intervalSeconds`. */
export const HeartbeatSchema = Type.Object(
  {
    ...envelopeFields,
    intervalSeconds: Type.Number({
      minimum: 1,
      maximum: 86_400,
      description: 'Seconds until the next heartbeat; the collector derives lateness from it.',
    }),
    bootTime: { ...InstantSchema, description: 'When the server booted (from /proc/uptime).' },
    uptimeSeconds: Type.Number({ minimum: 0, maximum: MAX_UPTIME_SECONDS, description: 'Seconds since boot (at most a century).' }),
    eole: Type.Optional(EoleInfoSchema),
    load: Type.Object(
      {
        load1: Type.Number({ minimum: 0, maximum: MAX_LOAD, description: '1-minute load average.' }),
        load5: Type.Number({ minimum: 0, maximum: MAX_LOAD, description: '5-minute load average.' }),
        load15: Type.Number({ minimum: 0, maximum: MAX_LOAD, description: '15-minute load average.' }),
      },
      { additionalProperties: false, description: 'Load averages from /proc/loadavg.' },
    ),
    memory: Type.Object(
      {
        totalBytes: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Physical memory in bytes.' }),
        availableBytes: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Memory available for new work, in bytes.' }),
      },
      { additionalProperties: false, description: 'Memory from /proc/meminfo.' },
    ),
    filesystems: Type.Array(FilesystemSchema, {
      maxItems: 32,
      description: 'Filesystems holding `/` and `/home` (one entry if they are the same).',
    }),
    lastRoundTripMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 600_000,
        description:
          'Round trip of the previous push, measured by the agent in ms (added in 1.0, optional): the collector takes half of it off the arrival time to compute the clock skew.',
      }),
    ),
    spool: Type.Optional(
      Type.Object(
        {
          pending: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Events and reports waiting on disk to be sent.' }),
          droppedTotal: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Events and reports dropped since the agent started (spool bounds exceeded).' }),
        },
        {
          additionalProperties: false,
          description: "The agent's disk spool (added in 1.0, optional): sent only when something is pending or was dropped.",
        },
      ),
    ),
    ups: Type.Optional(UpsReadingSchema),
  },
  { additionalProperties: false, $id: 'Heartbeat' },
);
export type Heartbeat = Static<typeof HeartbeatSchema>;
