import { AppError, invalidMessage } from '../../shared/errors.ts';

/** Reads report parameters (query string or command-line options) strictly, naming the bad field. */
export interface QueryReader {
  /** Throws `ERR_REPORT_QUERY_INVALID` for `field` (`details.field`), prefixed by the reader's `where`. */
  bad(field: string, expected: string, actual: unknown): never;
  /** A single text value, or null when absent or empty. */
  text(field: string): string | null;
}

/** Refuses unknown parameters at once, then hands out typed accessors. */
export function readQuery(raw: Readonly<Record<string, unknown>>, fields: readonly string[], where: string): QueryReader {
  const bad = (field: string, expected: string, actual: unknown): never => {
    throw new AppError('ERR_REPORT_QUERY_INVALID', invalidMessage(where, field, expected, actual), { details: { field } });
  };
  for (const key of Object.keys(raw)) {
    if (!fields.includes(key)) bad(key, `no such parameter (allowed: ${fields.join(', ')})`, raw[key]);
  }
  return {
    bad,
    text(field) {
      const v = raw[field];
      if (v === undefined || v === '') return null;
      if (typeof v !== 'string') return bad(field, 'a single value', v);
      return v;
    },
  };
}
