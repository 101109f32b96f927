/**
 * The one catalogue of Vigie's error codes (`ERR_<AREA>_<WHAT>`), for both programs. Each entry says where
 * the code belongs (the section of `docs/errors.md` that documents it) and, for a code the collector's HTTP
 * API answers with, its HTTP status: the error handler answers any {@link AppError} from this table, so a
 * route never translates an error by hand. A code without a status is not an HTTP answer: thrown while
 * serving a request, it is a bug (500).
 */
export const ERROR_CATALOGUE = {
  // Collector HTTP API
  ERR_AUTH_MISSING: { area: 'http', status: 401 },
  ERR_AUTH_INVALID: { area: 'http', status: 401 },
  ERR_AUTH_FORBIDDEN: { area: 'http', status: 403 },
  ERR_REQUEST_INVALID: { area: 'http', status: 400 },
  ERR_SCHEMA_VERSION_UNSUPPORTED: { area: 'http', status: 400 },
  ERR_BODY_TOO_LARGE: { area: 'http', status: 413 },
  ERR_UNSUPPORTED_MEDIA_TYPE: { area: 'http', status: 415 },
  ERR_NOT_FOUND: { area: 'http', status: 404 },
  ERR_ENROL_KEY_INVALID: { area: 'http', status: 401 },
  ERR_ENROL_FORBIDDEN: { area: 'http', status: 403 },
  ERR_ENROL_PENDING: { area: 'http', status: 403 },
  ERR_ENROL_CONFLICT: { area: 'http', status: 409 },
  ERR_RATE_LIMITED: { area: 'http', status: 429 },
  ERR_INTERNAL: { area: 'http', status: 500 },
  ERR_REPORT_QUERY_INVALID: { area: 'http', status: 400 },
  ERR_SILENCE_INVALID: { area: 'http', status: 400 },
  ERR_SILENCE_NOT_FOUND: { area: 'http', status: 404 },
  // Configuration and commands (both programs)
  ERR_CONFIG_INVALID: { area: 'config' },
  ERR_CONFIG_UNREADABLE: { area: 'config' },
  ERR_NOTIFY_CONFIG: { area: 'config' },
  ERR_USAGE: { area: 'config' },
  ERR_ENROL_INVALID: { area: 'config' },
  ERR_ENROL_EXISTS: { area: 'config' },
  ERR_INVENTORY_COLUMNS: { area: 'config' },
  ERR_INVENTORY_EMPTY: { area: 'config' },
  ERR_INVENTORY_ROW: { area: 'config' },
  ERR_STORE_SOURCE_INVALID: { area: 'config' },
  ERR_STORE_TARGET_UNREACHABLE: { area: 'config' },
  ERR_STORE_TARGET_NOT_EMPTY: { area: 'config' },
  ERR_STORE_COPY_MISMATCH: { area: 'config' },
  // Agent
  ERR_IDENTITY_NO_UAI: { area: 'agent' },
  ERR_IDENTITY_BAD_UAI: { area: 'agent' },
  ERR_ENROL_REFUSED: { area: 'agent' },
  ERR_ENROL_UNREACHABLE: { area: 'agent' },
  ERR_TOKEN_FILE: { area: 'agent' },
  ERR_IDENTITY_BAD_MACHINE: { area: 'agent' },
  ERR_IDENTITY_PARSE: { area: 'agent' },
  ERR_PROC_PARSE: { area: 'agent' },
  ERR_COMMAND_NOT_FOUND: { area: 'agent' },
  ERR_COMMAND_TIMEOUT: { area: 'agent' },
  ERR_COMMAND_FAILED: { area: 'agent' },
  ERR_COMMAND_ABORTED: { area: 'agent' },
  ERR_REPQUOTA_PARSE: { area: 'agent' },
  ERR_GETENT_PARSE: { area: 'agent' },
  ERR_QUOTA_PROBE: { area: 'agent' },
  ERR_PROBE_FAILED: { area: 'agent' },
  ERR_SCAN_SKIPPED: { area: 'agent' },
  ERR_CREOLE_VARIABLE_UNKNOWN: { area: 'agent' },
  // Internal invariants (a caller bug)
  ERR_NOTIFY_BACKOFF_ATTEMPT: { area: 'internal' },
} as const satisfies Record<`ERR_${string}`, { readonly area: ErrorArea; readonly status?: number }>;

/** Where a code belongs: the collector's HTTP API, configuration and commands, the agent, internal invariants. */
export type ErrorArea = 'http' | 'config' | 'agent' | 'internal';

/** Every error code Vigie uses. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The codes the collector's HTTP API answers with. */
export type HttpErrorCode = { [C in ErrorCode]: (typeof ERROR_CATALOGUE)[C] extends { readonly status: number } ? C : never }[ErrorCode];

/** The HTTP status of a code, or undefined for a code that is no HTTP answer. */
export function httpStatusOf(code: ErrorCode): number | undefined {
  const entry = ERROR_CATALOGUE[code];
  return 'status' in entry ? entry.status : undefined;
}

/** True when `code` is in the catalogue (e.g. a code read from an HTTP answer). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code);
}
