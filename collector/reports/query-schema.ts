/**
 * Report and status page parameters are described once, by TypeBox schemas: the HTTP routes validate the query
 * string against them (Fastify's Ajv, `querystring/<field>: …` messages), and the `report` commands check their
 * options against the same schemas here. What a schema cannot say (a real calendar day, `to` after `from`, a
 * known time zone) is checked afterwards by each query's own function, through {@link queryInvalid}.
 */
import { Type, type Static, type TLiteral, type TObject, type TUnion } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { AppError, invalidMessage } from '../../shared/errors.ts';

/** One of `values`: a union of literals, described as `one of a, b, c`. */
export function oneOf<T extends string>(values: readonly T[]): TUnion<TLiteral<T>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)), { description: `one of ${values.join(', ')}` });
}

export const UaiParam = Type.String({ pattern: '^[0-9]{7}[A-Z]$', description: 'a school code of 7 digits and an upper-case letter, e.g. 0860021F' });
export const DayParam = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'a date YYYY-MM-DD' });

/** Throws `ERR_REPORT_QUERY_INVALID` for `field` (`details.field`), prefixed by `where` (`querystring`, `report quotas`). */
export function queryInvalid(where: string, field: string, expected: string, actual: unknown): never {
  throw new AppError('ERR_REPORT_QUERY_INVALID', invalidMessage(where, field, expected, actual), { details: { field } });
}

/** An empty value means "not given" (an HTML form sends its empty fields). */
export function withoutEmptyValues(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
}

/**
 * Checks command-line options (or any raw object) against a query schema, naming the first bad field the way
 * the commands always did: `report quotas: format is invalid, expected one of csv, json, html (actual: 'pdf')`.
 */
export function checkQuery<T extends TObject>(schema: T, raw: Readonly<Record<string, unknown>>, where: string): Static<T> {
  const query = withoutEmptyValues(raw);
  const error = Value.Errors(schema, query).First();
  if (error === undefined) return query as Static<T>;
  const field = error.path.slice(1).split('/')[0] ?? '';
  let expected: string;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) expected = `no such parameter (allowed: ${Object.keys(schema.properties).join(', ')})`;
  else if (Array.isArray(error.value)) expected = 'a single value';
  else expected = error.schema.description ?? error.message.replace(/^Expected /, '');
  return queryInvalid(where, field, expected, error.value);
}
