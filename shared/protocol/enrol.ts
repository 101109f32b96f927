import { Type, type Static } from '@sinclair/typebox';
import { ServerIdentitySchema } from './common.ts';
import { EoleInfoSchema } from './heartbeat.ts';

/** `POST /api/v1/enrol`: an agent trades an enrolment key for its own per-server token. */
export const EnrolRequestSchema = Type.Object(
  {
    schemaVersion: Type.String({ pattern: '^[0-9]+\\.[0-9]+$', description: 'Protocol version "major.minor".' }),
    agentVersion: Type.String({ minLength: 1, maxLength: 64, description: 'Version of the agent asking.' }),
    enrolmentKey: Type.String({ minLength: 1, maxLength: 200, description: 'The key from `vigie-collector enrolment-keys create`.' }),
    server: ServerIdentitySchema,
    eole: Type.Optional(EoleInfoSchema),
  },
  { additionalProperties: false },
);
export type EnrolRequest = Static<typeof EnrolRequestSchema>;

/** The answer: `enrolled` (200) or `pending` an administrator's approval (202); the token comes once, in both. */
export const EnrolResponseSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('enrolled'), Type.Literal('pending')]),
    token: Type.String({ description: "This server's bearer token, shown once; the agent writes it to `tokenFile`." }),
    server: ServerIdentitySchema,
    school: Type.Union([Type.Object({ name: Type.String(), commune: Type.Union([Type.String(), Type.Null()]) }), Type.Null()], {
      description: 'The school as the inventory knows it, or null when it is not in the inventory.',
    }),
    requestId: Type.Optional(Type.Integer({ description: '`pending`: the id an administrator approves (`servers approve <id>`).' })),
    message: Type.String({ description: 'What happens next.' }),
  },
  { additionalProperties: false },
);
export type EnrolResponse = Static<typeof EnrolResponseSchema>;
