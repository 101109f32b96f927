import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../shared/errors.ts';
import { BASIC_CHALLENGE, presentedToken } from '../auth/presented-token.ts';
import { tokensEqual } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';

/** The HTML page may load nothing and run nothing: it is self-contained (inline CSS only). */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** A report rendered in one format, ready to send. */
export interface RenderedReport {
  readonly contentType: string;
  /** Suggested file name, e.g. `rapport-quotas-0860021F-2025-07-10.csv`. */
  readonly fileName: string;
  readonly body: string;
}

/**
 * `onRequest` hook: the admin token or the read-only `reports.readerToken`, sent as `Authorization: Bearer
 * <token>` or as HTTP Basic auth with the token as password (any user name), so a browser can open the HTML
 * pages. A 401 carries a `WWW-Authenticate: Basic` challenge, which makes the browser prompt.
 */
export function reportReaderAuthHook(tokens: readonly (string | undefined)[]) {
  const accepted = tokens.filter((t): t is string => t !== undefined);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (accepted.length === 0 && !request.server.hasDecorator('resolveActor')) {
      throw new HttpError('ERR_AUTH_FORBIDDEN', 'the report API is disabled: set adminToken or reports.readerToken in the collector configuration');
    }
    const presented = presentedToken(request.headers.authorization);
    if (presented.kind === 'token') {
      const actor = request.server.hasDecorator('resolveActor') ? request.server.resolveActor(presented.token) : undefined;
      if (actor !== undefined) {
        request.actor = actor;
        return;
      }
      if (accepted.some((t) => tokensEqual(presented.token, t))) return;
    }
    void reply.header('www-authenticate', BASIC_CHALLENGE);
    if (presented.kind === 'missing') {
      throw new HttpError('ERR_AUTH_MISSING', 'missing credentials: send "Authorization: Bearer <reader or admin token>" or HTTP Basic auth with the token as password');
    }
    throw new HttpError('ERR_AUTH_INVALID', 'invalid report reader token');
  };
}

/**
 * Registers `GET <path>` for a report: reader auth, then `render(query, now)`; HTML gets a CSP that forbids
 * loading anything, CSV and JSON come as attachments. A bad parameter answers 400 naming it, an unknown
 * school or window 404.
 */
export function registerReportRoute(
  app: FastifyInstance,
  deps: AppDeps,
  path: string,
  render: (query: Record<string, unknown>, now: Date) => Promise<RenderedReport & { format: string }> | (RenderedReport & { format: string }),
): void {
  app.get(path, { onRequest: reportReaderAuthHook([deps.config.adminToken, deps.config.reports.readerToken]) }, async (request, reply) => {
    try {
      const rendered = await render(request.query as Record<string, unknown>, deps.clock.now());
      void reply
        .header('content-type', rendered.contentType)
        .header('content-disposition', `${rendered.format === 'html' ? 'inline' : 'attachment'}; filename="${rendered.fileName}"`)
        .header('cache-control', 'no-store');
      if (rendered.format === 'html') void reply.header('content-security-policy', HTML_CSP);
      return await reply.send(rendered.body);
    } catch (err) {
      if (isAppError(err, 'ERR_REPORT_QUERY_INVALID')) throw new HttpError('ERR_REQUEST_INVALID', err.message);
      if (isAppError(err, 'ERR_NOT_FOUND')) throw new HttpError('ERR_NOT_FOUND', err.message);
      throw err;
    }
  });
}
