/**
 * Every error the collector's HTTP API answers with: code → HTTP status. The code is stable and is what
 * agents and tests match on; the message says what was wrong.
 */
export const HTTP_ERRORS = {
  ERR_AUTH_MISSING: 401,
  ERR_AUTH_INVALID: 401,
  ERR_AUTH_FORBIDDEN: 403,
  ERR_REQUEST_INVALID: 400,
  ERR_SCHEMA_VERSION_UNSUPPORTED: 400,
  ERR_BODY_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_NOT_FOUND: 404,
  ERR_ENROL_KEY_INVALID: 401,
  ERR_ENROL_FORBIDDEN: 403,
  ERR_ENROL_PENDING: 403,
  ERR_ENROL_CONFLICT: 409,
  ERR_RATE_LIMITED: 429,
  ERR_INTERNAL: 500,
} as const satisfies Record<string, number>;
export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** An error to answer with: the status comes from the catalogue. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly statusCode: number;

  constructor(code: HttpErrorCode, message: string) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.statusCode = HTTP_ERRORS[code];
  }
}
