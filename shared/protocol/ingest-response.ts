import { Type, type Static } from '@sinclair/typebox';

/** The collector's answer to an accepted push. */
export const IngestResponseSchema = Type.Object({
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')], {
    description: '`duplicate`: this messageId was already stored; nothing changed.',
  }),
});
export type IngestResponse = Static<typeof IngestResponseSchema>;

/** Every 4xx/5xx body. */
export const ErrorResponseSchema = Type.Object({
  code: Type.String({ description: 'Stable error code, e.g. `ERR_REQUEST_INVALID`.' }),
  message: Type.String({ description: 'What was wrong, naming the field and what was expected.' }),
});
export type ErrorResponse = Static<typeof ErrorResponseSchema>;
