/**
 * Response schemas of `GET /api/v1/servers` (with the inventory's unwatched schools) and `GET /api/v1/servers/:uai/:machine` (the read models of
 * `services/server-views.ts`). Objects keep fields not listed here (`additionalProperties: true`): a field
 * added to a view is answered as-is rather than silently dropped by the serialiser.
 */
import { Type } from '@sinclair/typebox';
import { SchoolSchema } from './school-schemas.ts';

const Instant = Type.String({ description: 'ISO-8601 instant (UTC)' });
const MaybeInstant = Type.Union([Instant, Type.Null()]);
const open = { additionalProperties: true } as const;

export const ServerViewSchema = Type.Object(
  {
    uai: Type.String({ description: 'School (UAI)' }),
    machine: Type.String(),
    name: Type.String({ description: 'Label, e.g. Collège Jean Moulin' }),
    academie: Type.Union([Type.String(), Type.Null()]),
    state: Type.String({ description: 'Liveness state, e.g. online, offline, shutdown, unknown' }),
    stateSince: MaybeInstant,
    lastSeen: MaybeInstant,
    heartbeatIntervalSeconds: Type.Union([Type.Number(), Type.Null()]),
    bootTime: MaybeInstant,
    offlineAt: MaybeInstant,
    currentOutage: Type.Union([
      Type.Object({ startedAt: Instant, cause: Type.String(), provisional: Type.Boolean(), notified: Type.Boolean() }, open),
      Type.Null(),
    ]),
    window: Type.Union([
      Type.Object({ name: Type.String(), startsAt: Instant, endsAt: Instant, timeZone: Type.String() }, open),
      Type.Null(),
    ]),
    silencedUntil: MaybeInstant,
  },
  { ...open, description: 'One enrolled server and its liveness' },
);

export const ServerListSchema = Type.Object(
  {
    servers: Type.Array(ServerViewSchema),
    unwatchedSchools: Type.Array(SchoolSchema, {
      description: 'Open schools of the inventory with no server that has reported (none enrolled, or never heard from); empty without an inventory',
    }),
  },
  { description: 'Every enrolled server, and the schools left unwatched' },
);

export const ServerDetailSchema = Type.Composite(
  [
    ServerViewSchema,
    Type.Object({
      outages: Type.Array(
        Type.Object(
          {
            startedAt: MaybeInstant,
            endedAt: MaybeInstant,
            cause: Type.String(),
            provisional: Type.Boolean(),
            rebooted: Type.Union([Type.Boolean(), Type.Null()]),
            detectedAfterTheFact: Type.Boolean(),
            notified: Type.Boolean(),
          },
          open,
        ),
      ),
      transitions: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), at: MaybeInstant, reason: Type.String() }, open)),
    }),
  ],
  { ...open, description: 'One server, its outages and its last 100 transitions' },
);
