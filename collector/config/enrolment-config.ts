import { Type, type Static } from '@sinclair/typebox';

/** `enrolment:` of the collector configuration (docs/ENROLMENT.md). */
export const EnrolmentConfigSchema = Type.Object(
  {
    rateLimit: Type.Object(
      {
        max: Type.Integer({ minimum: 1, default: 10, description: 'Enrolment requests allowed per source address and window.' }),
        windowSeconds: Type.Integer({ minimum: 1, default: 60, description: 'Length of the rate-limit window.' }),
      },
      { default: {}, additionalProperties: false },
    ),
    rotationGraceDays: Type.Number({ exclusiveMinimum: 0, default: 7, description: 'After `servers rotate`, how long the old token still works unless the agent uses the new one.' }),
    reenrolApprovalHours: Type.Number({ exclusiveMinimum: 0, default: 72, description: 'After an approved re-enrolment, how long the agent has to run `vigie-agent enrol` again.' }),
  },
  { default: {}, additionalProperties: false },
);
export type EnrolmentConfig = Static<typeof EnrolmentConfigSchema>;
