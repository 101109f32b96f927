import type { ErrorCode } from './error-codes.ts';

export type { ErrorCode } from './error-codes.ts';

/**
 * Base error for every expected failure in Vigie. `code` is stable (`ERR_<AREA>_<WHAT>`, one of the
 * catalogue `shared/error-codes.ts`) and is what callers and tests match on; `message` says which field or
 * line was wrong and what was expected.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

/** True when `err` is an {@link AppError}, optionally with the given code. */
export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}

/** The one shape of a "bad value" message: `<where>: <field> is invalid, expected <rule> (actual: <value>)`. */
export function invalidMessage(where: string, field: string, expected: string, actual: unknown): string {
  let shown: string;
  try {
    shown = typeof actual === 'string' ? `'${maskUrlPassword(actual)}'` : JSON.stringify(actual) ?? String(actual);
  } catch {
    shown = String(actual);
  }
  if (shown.length > 120) shown = `${shown.slice(0, 117)}...`;
  return `${where}: ${field} is invalid, expected ${expected} (actual: ${shown})`;
}

/** `postgres://vigie:secret@db/vigie` → `postgres://vigie:***@db/vigie`: a refused URL is echoed without its password. */
export function maskUrlPassword(text: string): string {
  return text.replace(/(\/\/[^/:@\s]*:)[^@\s/]*@/g, '$1***@');
}
