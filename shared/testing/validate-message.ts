import type { TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under ESM its function may arrive wrapped under `default`.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

/**
 * Validates a message against a protocol schema with Ajv and the same options as the collector's Fastify,
 * returning the first error as `<path>: <message>` or undefined when valid.
 */
export function protocolError(schema: TSchema, value: unknown): string | undefined {
  const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, allErrors: false, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(value)) return undefined;
  const e = validate.errors?.[0];
  return e ? `${e.instancePath || '/'}: ${e.message ?? e.keyword}` : 'invalid';
}
