/**
 * What every route shares: the app typed by its TypeBox schemas, the `{ code, message }` error body, and the
 * response schemas of text answers. Every route declares every status it answers (checked by
 * `test/integration/collector/routes/response-schemas.test.ts`): answers are documented and serialised from
 * their schema.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';

/** The collector's Fastify instance, its request and reply types inferred from the route schemas. */
export type VigieApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Every error answer: a stable code of `shared/error-codes.ts` and a message naming what was wrong. */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. ERR_REQUEST_INVALID (docs/errors.md)' }),
    message: Type.String({ description: 'What was wrong, naming the field, e.g. querystring/format: …' }),
  },
  { description: 'An error: { code, message }' },
);

/** The statuses an error can answer with on a route, each with the error body. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBodySchema])) as Record<S, typeof ErrorBodySchema>;
}

/** Error statuses of a route behind a token: missing or invalid token (401), API disabled or wrong server (403). */
export const AUTH_ERRORS = [401, 403] as const;

/** A text answer (HTML, CSV, Prometheus exposition): its body is a string of the given media types. */
export function textResponse<M extends string>(description: string, mediaTypes: readonly M[]) {
  return {
    description,
    content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: Type.String() }])) as Record<M, { schema: ReturnType<typeof Type.String> }>,
  };
}

/** A JSON answer of a content-negotiated route, documented by `schema`. */
export function jsonContent<T extends TSchema>(schema: T): { 'application/json': { schema: T } } {
  return { 'application/json': { schema } };
}
