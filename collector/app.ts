import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import { createActorResolver } from './auth/admin-tokens.ts';
import type { AppDeps } from './deps.ts';
import { pushOutcomeFor } from './metrics/http-metrics.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerAvailabilityRoutes } from './routes/availability.ts';
import { registerEnrolRoutes } from './routes/enrol.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerIngestRoutes } from './routes/ingest.ts';
import { registerMetricsRoute } from './routes/metrics.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerServerRoutes } from './routes/servers.ts';
import { registerSchoolRoutes } from './routes/schools.ts';
import { registerEnrolmentAdminRoutes } from './routes/enrolments.ts';
import { registerSilenceRoutes } from './routes/silences.ts';
import type { VigieApp } from './routes/http-schemas.ts';
import { registerStatusRoutes } from './routes/status.ts';

const INGEST_KINDS: Record<string, string> = {
  '/api/v1/heartbeat': 'heartbeat',
  '/api/v1/report': 'report',
  '/api/v1/event': 'event',
};

/**
 * Builds the collector's HTTP application, the one place that creates the server (body limit, timeouts,
 * validation options). It never listens: `main.ts` does, tests use `inject()`. Routes are typed by their
 * TypeBox schemas (`@fastify/type-provider-typebox`) and declare every answer.
 */
export function buildApp(deps: AppDeps): VigieApp {
  // HTTPS when `tls.*` is set; Fastify then creates an https server with the same timeouts. The instance keeps
  // its http typing (routes do not see the difference).
  const https = deps.https === undefined ? {} : ({ https: { cert: deps.https.cert, key: deps.https.key } } as object);
  const app = Fastify({
    ...https,
    logger: deps.logger ?? false,
    bodyLimit: deps.config.bodyLimitBytes,
    connectionTimeout: deps.config.connectionTimeoutMs,
    requestTimeout: deps.config.requestTimeoutMs,
    keepAliveTimeout: deps.config.keepAliveTimeoutMs,
    // Per-request lines are off: pushes are logged by outcome below (rejections at warn, the rest at debug).
    logController: new LogController({ disableRequestLogging: true }),
    // `verbose` gives each validation issue its schema, whose description completes the 400 message.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, verbose: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorateRequest('agentServer', null);
  app.decorateRequest('pushOutcome', null);
  app.decorateRequest('actor', null);
  app.decorate(
    'resolveActor',
    createActorResolver({ store: deps.store, adminToken: deps.config.adminToken, readerToken: deps.config.reports.readerToken, nowMs: () => deps.clock.now().getTime() }),
  );
  registerErrorHandler(app);

  app.addHook('onSend', async (request, reply, payload) => {
    // Remember the error code of a rejected push so onResponse can count it by reason.
    if (reply.statusCode >= 400 && typeof payload === 'string' && INGEST_KINDS[request.routeOptions.url ?? '']) {
      try {
        request.pushOutcome = pushOutcomeFor(reply.statusCode, (JSON.parse(payload) as { code?: string }).code, null);
      } catch {
        request.pushOutcome = pushOutcomeFor(reply.statusCode, undefined, null);
      }
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.http.durations
      .labels({ route, method: request.method, status_code: String(reply.statusCode) })
      .observe(reply.elapsedTime / 1000);
    const kind = INGEST_KINDS[route];
    if (kind !== undefined) {
      const outcome = reply.statusCode < 300 ? pushOutcomeFor(reply.statusCode, undefined, request.pushOutcome) : request.pushOutcome;
      deps.metrics.http.pushes.labels({ kind, outcome: outcome ?? 'invalid' }).inc();
      if (reply.statusCode >= 400) request.log.warn({ kind, outcome, statusCode: reply.statusCode }, 'push rejected');
      else request.log.debug({ kind, outcome }, 'push');
    } else {
      request.log.debug({ method: request.method, route, statusCode: reply.statusCode }, 'request');
    }
  });

  // The routes are one plugin, loaded at `ready()`/`listen()`: the error handler and hooks above apply to it,
  // and an `onRoute` hook added before then sees every route (the response-schema test uses that).
  void app.register(async (api: VigieApp) => {
    registerIngestRoutes(api, deps);
    registerHealthRoutes(api, deps);
    registerMetricsRoute(api, deps);
    registerReportRoutes(api, deps);
    registerAvailabilityRoutes(api, deps);
    registerServerRoutes(api, deps);
    registerSilenceRoutes(api, deps);
    registerStatusRoutes(api, deps);
    registerEnrolRoutes(api, deps);
    registerSchoolRoutes(api, deps);
    registerEnrolmentAdminRoutes(api, deps);
  });
  return app;
}
