import Fastify, { LogController, type FastifyInstance } from 'fastify';
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
import { registerStatusRoutes } from './routes/status.ts';

const INGEST_KINDS: Record<string, string> = {
  '/api/v1/heartbeat': 'heartbeat',
  '/api/v1/report': 'report',
  '/api/v1/event': 'event',
};

/** Builds the collector's HTTP application. It never listens: `main.ts` does, tests use `inject()`. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.config.bodyLimitBytes,
    // Per-request lines are off: pushes are logged by outcome below (rejections at warn, the rest at debug).
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
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

  registerIngestRoutes(app, deps);
  registerHealthRoutes(app, deps);
  registerMetricsRoute(app, deps);
  registerReportRoutes(app, deps);
  registerAvailabilityRoutes(app, deps);
  registerServerRoutes(app, deps);
  registerSilenceRoutes(app, deps);
  registerStatusRoutes(app, deps);
  registerEnrolRoutes(app, deps);
  registerSchoolRoutes(app, deps);
  registerEnrolmentAdminRoutes(app, deps);
  return app;
}
