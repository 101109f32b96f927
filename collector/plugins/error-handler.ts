import type { FastifyError, FastifyInstance } from 'fastify';
import { httpStatusOf, type HttpErrorCode } from '../../shared/error-codes.ts';
import { AppError } from '../../shared/errors.ts';

/** Fastify's own error codes for bad input, mapped to ours. Anything else below 500 is a bad request. */
const FASTIFY_CODES: Record<string, HttpErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_REQUEST_INVALID',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_REQUEST_INVALID',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ERR_REQUEST_INVALID',
};

export interface ValidationIssue {
  instancePath: string;
  message?: string | undefined;
  keyword: string;
  params: Record<string, unknown>;
  /** The schema holding the failed keyword (Ajv's `verbose` option): its description says what is expected. */
  parentSchema?: { description?: string; properties?: Record<string, unknown> } | undefined;
}

/**
 * Turns Ajv's validation issues into one sentence naming the JSON path of the first bad field:
 * `body/server/uai: must match pattern "^[0-9]{7}[A-Z]$"`, `querystring/format: must be equal to one of the
 * allowed values (csv, json, html)`. A value outside a union of literals (TypeBox's enums) is told as such,
 * with the allowed values, rather than as its first failed branch; an unknown field lists the allowed ones; a
 * schema's description, when it has one, follows as what was expected.
 */
export function describeValidation(context: string, issues: readonly ValidationIssue[]): string {
  const issue = issues[0]!;
  let path = `${context}${issue.instancePath}`;
  let rule = issue.message ?? issue.keyword;
  const sameField = issues.filter((i) => i.instancePath === issue.instancePath);
  const branches = sameField.filter((i) => i.keyword === 'const');
  if (issue.keyword === 'required') {
    path = `${path}/${String(issue.params['missingProperty'])}`;
    rule = 'is required but missing';
  } else if (issue.keyword === 'additionalProperties') {
    path = `${path}/${String(issue.params['additionalProperty'])}`;
    const allowed = Object.keys(issue.parentSchema?.properties ?? {});
    rule = allowed.length === 0 ? 'is not an allowed field' : `is not an allowed field (allowed: ${allowed.join(', ')})`;
  } else if (issue.keyword === 'enum') {
    rule = `must be equal to one of the allowed values (${(issue.params['allowedValues'] as unknown[]).map(String).join(', ')})`;
  } else if (branches.length > 0 && branches.length === sameField.length - 1 && sameField.at(-1)?.keyword === 'anyOf') {
    rule = `must be equal to one of the allowed values (${branches.map((b) => String(b.params['allowedValue'])).join(', ')})`;
  } else if (issue.parentSchema?.description !== undefined && issue.keyword !== 'type') {
    rule = `${rule}, expected ${issue.parentSchema.description.replace(/\.$/, '')}`;
  }
  return `${path}: ${rule}`;
}

/**
 * One error handler for the whole API: an {@link AppError} answers `{ code, message }` with the status the
 * catalogue (`shared/error-codes.ts`) gives its code; bad input never becomes a 5xx; real surprises (and an
 * AppError whose code is no HTTP answer) are logged in full and answered with a generic 500.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      const status = httpStatusOf(err.code);
      if (status !== undefined && status < 500) return reply.status(status).send({ code: err.code, message: err.message });
    } else if (err.validation && err.validation.length > 0) {
      const message = describeValidation(err.validationContext ?? 'body', err.validation as ValidationIssue[]);
      return reply.status(400).send({ code: 'ERR_REQUEST_INVALID', message });
    } else {
      const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
      if (mapped) return reply.status(httpStatusOf(mapped)!).send({ code: mapped, message: err.message });
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
        return reply.status(err.statusCode).send({ code: 'ERR_REQUEST_INVALID', message: err.message });
      }
    }
    request.log.error({ err, method: request.method, url: request.url }, 'unhandled error');
    return reply.status(500).send({ code: 'ERR_INTERNAL', message: 'Internal Server Error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'ERR_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
