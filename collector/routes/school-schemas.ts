/**
 * Response schemas of the inventory's coverage (`services/school-coverage.ts`): `GET /api/v1/schools` and the
 * `unwatchedSchools` of `GET /api/v1/servers`.
 */
import { Type } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const CoverageStatusSchema = Type.Union([Type.Literal('watched'), Type.Literal('never_heard'), Type.Literal('no_server')], {
  description: 'watched: a server has reported; never_heard: enrolled, never heard from; no_server: none enrolled',
});

export const SchoolSchema = Type.Object(
  {
    uai: Type.String({ description: 'School (UAI)' }),
    name: Type.String(),
    commune: Nullable(Type.String()),
    type: Nullable(Type.String()),
    academie: Nullable(Type.String()),
    departement: Type.String({ description: 'e.g. 86, 2A, 974' }),
    email: Nullable(Type.String()),
    closed: Type.Boolean(),
    status: CoverageStatusSchema,
    servers: Type.Array(
      Type.Object({ machine: Type.String(), enrolledAt: Type.String({ description: 'ISO-8601 instant (UTC)' }), lastSeen: Nullable(Type.String()) }),
    ),
  },
  { description: 'A school of the inventory and its enrolled servers' },
);
