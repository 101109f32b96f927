import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, type HttpErrorCode } from '../errors.ts';

/** Fastify's own error codes for bad input, mapped to ours. Anything else below 500 is a bad request. */
const FASTIFY_CODES: Record<string, HttpErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_REQUEST_INVALID',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_REQUEST_INVALID',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ERR_REQUEST_INVALID',
};

interface ValidationIssue {
  instancePath: string;
  message?: string | undefined;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * Turns an Ajv validation issue into one sentence naming the JSON path of the bad field:
 * `body/server/uai: must match pattern "^[0-9]{7}[A-Z]$"`.
 */
export function describeValidationIssue(context: string, issue: ValidationIssue): string {
  let path = `${context}${issue.instancePath}`;
  let rule = issue.message ?? issue.keyword;
  if (issue.keyword === 'required') {
    path = `${path}/${String(issue.params['missingProperty'])}`;
    rule = 'is required but missing';
  } else if (issue.keyword === 'additionalProperties') {
    path = `${path}/${String(issue.params['additionalProperty'])}`;
    rule = 'is not an allowed field';
  }
  return `${path}: ${rule}`;
}

/**
 * One error handler for the whole API: known errors answer `{ code, message }` with their status;
 * bad input never becomes a 5xx; real surprises are logged in full and answered with a generic 500.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.status(err.statusCode).send({ code: err.code, message: err.message });
    }
    if (err.validation && err.validation.length > 0) {
      const message = describeValidationIssue(err.validationContext ?? 'body', err.validation[0] as ValidationIssue);
      return reply.status(400).send({ code: 'ERR_REQUEST_INVALID', message });
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) {
      const status = mapped === 'ERR_BODY_TOO_LARGE' ? 413 : mapped === 'ERR_UNSUPPORTED_MEDIA_TYPE' ? 415 : 400;
      return reply.status(status).send({ code: mapped, message: err.message });
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ code: 'ERR_REQUEST_INVALID', message: err.message });
    }
    request.log.error({ err, method: request.method, url: request.url }, 'unhandled error');
    return reply.status(500).send({ code: 'ERR_INTERNAL', message: 'Internal Server Error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'ERR_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
