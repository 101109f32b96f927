/**
 * Alertmanager notifier: posts one alert per notification to `POST /api/v2/alerts`, so the académie's existing
 * routing, grouping, inhibition and silences apply (ANCHORS §4).
 *
 * Alert shape:
 * - labels (the alert's identity, stable for one outage): `alertname` — the same names as the Prometheus
 *   rules in grafana/prometheus/rules/alerts.yml, so routes and inhibitions written for one path match the other:
 *   `ScribeServerOffDuringMaintenanceWindow` inside a maintenance window, `ScribeServerOffline` outside;
 *   UPS notices are `ScribeUpsOnBattery` alerts, see ups-alert.ts —,
 *   `severity` (critical|warning), `uai`, `server` (machine name), `academie`, `cause`
 *   (shutdown|power_loss|network|site|unknown), `window` (maintenance window name, absent outside a window),
 *   plus configured extra labels. For reminders and resolutions the cause/severity/window labels come from
 *   `Notification.announced` when set, so they match the firing alert even if the cause was refined since;
 *   the annotations carry the current, refined texts.
 * - annotations: `summary` and `description` in French, `etablissement`, `notification_id`, `kind`.
 * - `startsAt` = outage start; `generatorURL` = the collector's page for the server (dropped if not a URL).
 * - `endsAt`: while firing (down, reminder) `now + firingTtlMs`. The Alertmanager keeps no state of its own and
 *   resolves an alert by itself once `endsAt` passes, so the dispatcher must re-send (reminders) more often than
 *   `firingTtlMs`. On kind `up`, `endsAt` = the moment the server came back (never in the future), which
 *   resolves the alert at once.
 *
 * Several URLs (an Alertmanager HA cluster) all receive the alert, as Prometheus does; the result is `sent`
 * when at least one accepted it.
 */
import type { Dispatcher } from 'undici';
import type { Clock } from '../../shared/clock.ts';
import { AppError, invalidMessage } from '../../shared/errors.ts';
import { descriptionFr, summaryFr } from '../notifications/messages-fr.ts';
import { DEFAULT_HTTP_TIMEOUT_MS, postJson } from './http-post.ts';
import type { Notification, Notifier, NotifyResult } from './notifier.ts';
import { buildUpsAlert } from './ups-alert.ts';

/** Alert names, shared with the Prometheus rules (grafana/prometheus/rules/alerts.yml). */
export interface AlertNames {
  readonly inWindow: string;
  readonly outsideWindow: string;
}
export const DEFAULT_ALERT_NAMES: AlertNames = {
  inWindow: 'ScribeServerOffDuringMaintenanceWindow',
  outsideWindow: 'ScribeServerOffline',
};
/** Default lifetime of a firing alert without a re-send (should be ≥ 2–3 × the reminder interval). */
export const DEFAULT_FIRING_TTL_MS = 12 * 60 * 60 * 1000;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface AlertmanagerNotifierOptions {
  /** Base URL(s) of the Alertmanager(s), e.g. `http://127.0.0.1:9093` (`/api/v2/alerts` is appended). */
  readonly url: string | readonly string[];
  readonly clock: Clock;
  readonly timeoutMs?: number;
  readonly alertNames?: AlertNames;
  readonly firingTtlMs?: number;
  readonly extraLabels?: Readonly<Record<string, string>>;
  /** Extra request headers, e.g. `authorization` for an Alertmanager behind a reverse proxy. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly dispatcher?: Dispatcher;
}

/** The `postableAlert` object of the Alertmanager API v2. */
export interface PostableAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL?: string;
}

export interface AlertShape {
  readonly alertNames: AlertNames;
  readonly firingTtlMs: number;
  readonly extraLabels: Readonly<Record<string, string>>;
}

/** Pure: the alert posted for `n` at instant `now`. */
export function buildAlertmanagerAlert(n: Notification, now: Date, shape: AlertShape): PostableAlert {
  if (n.ups !== undefined) return buildUpsAlert(n, now, shape);
  const cause = n.announced?.cause ?? n.cause;
  const severity = n.announced?.severity ?? n.severity;
  const windowName = n.announced === undefined ? n.window?.name : n.announced.windowName;
  const labels: Record<string, string> = {
    ...shape.extraLabels,
    alertname: windowName === undefined || windowName === '' ? shape.alertNames.outsideWindow : shape.alertNames.inWindow,
    severity,
    uai: n.server.uai,
    server: n.server.machine,
    cause,
  };
  if (n.server.academie !== undefined && n.server.academie !== '') labels.academie = n.server.academie;
  if (windowName !== undefined && windowName !== '') labels.window = windowName;

  const startsMs = n.since.getTime();
  const endsMs =
    n.kind === 'up'
      ? Math.max(startsMs, Math.min((n.endedAt ?? n.at).getTime(), now.getTime()))
      : Math.max(startsMs, now.getTime()) + shape.firingTtlMs;

  return {
    labels,
    annotations: {
      summary: summaryFr(n),
      description: descriptionFr(n),
      etablissement: n.server.name,
      notification_id: n.id,
      kind: n.kind,
    },
    startsAt: new Date(startsMs).toISOString(),
    endsAt: new Date(endsMs).toISOString(),
    // Alertmanager rejects the whole alert (HTTP 400) for an unparseable generatorURL: drop the link instead.
    ...(n.generatorUrl !== undefined && URL.canParse(n.generatorUrl) ? { generatorURL: n.generatorUrl } : {}),
  };
}

function alertsEndpoint(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage('Alertmanager notifier', 'url', 'an http(s) URL', base));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage('Alertmanager notifier', 'url', 'an http(s) URL', base));
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL('api/v2/alerts', url).toString();
}

/** Combines the results of several Alertmanagers: sent if any accepted, else retryable if any may accept later. */
export function combineResults(results: readonly NotifyResult[]): NotifyResult {
  if (results.some((r) => r.status === 'sent')) return { status: 'sent' };
  const retryable = results.filter((r) => r.status === 'retryable');
  const error = results.map((r) => (r.status === 'sent' ? '' : r.error)).join('; ');
  if (retryable.length > 0) {
    const delays = retryable.flatMap((r) => (r.retryInMs === undefined ? [] : [r.retryInMs]));
    return delays.length === 0 ? { status: 'retryable', error } : { status: 'retryable', error, retryInMs: Math.min(...delays) };
  }
  return { status: 'failed', error };
}

/** Throws ERR_NOTIFY_CONFIG on a bad URL, label name or duration (configuration is checked at start-up). */
export function createAlertmanagerNotifier(options: AlertmanagerNotifierOptions): Notifier {
  const where = 'Alertmanager notifier';
  const urls = (typeof options.url === 'string' ? [options.url] : [...options.url]).map(alertsEndpoint);
  if (urls.length === 0) throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, 'url', 'at least one URL', options.url));
  const extraLabels = options.extraLabels ?? {};
  for (const name of Object.keys(extraLabels)) {
    if (!LABEL_NAME.test(name)) {
      throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, 'extraLabels', 'label names matching [a-zA-Z_][a-zA-Z0-9_]*', name));
    }
  }
  const alertNames = options.alertNames ?? DEFAULT_ALERT_NAMES;
  for (const [field, value] of [['alertNames.inWindow', alertNames.inWindow], ['alertNames.outsideWindow', alertNames.outsideWindow]] as const) {
    if (!LABEL_NAME.test(value)) throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, field, 'a CamelCase identifier', value));
  }
  const firingTtlMs = options.firingTtlMs ?? DEFAULT_FIRING_TTL_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  for (const [field, value] of [['firingTtlMs', firingTtlMs], ['timeoutMs', timeoutMs]] as const) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new AppError('ERR_NOTIFY_CONFIG', invalidMessage(where, field, 'a number of milliseconds greater than 0', value));
    }
  }
  const shape: AlertShape = { alertNames, firingTtlMs, extraLabels };

  return {
    channel: 'alertmanager',
    async send(n: Notification): Promise<NotifyResult> {
      const body = JSON.stringify([buildAlertmanagerAlert(n, options.clock.now(), shape)]);
      const results = await Promise.all(
        urls.map((url) =>
          postJson({
            what: `Alertmanager ${new URL(url).origin}`, // never the credentials a URL may carry
            url,
            body,
            timeoutMs,
            clock: options.clock,
            ...(options.headers === undefined ? {} : { headers: options.headers }),
            ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
          }),
        ),
      );
      return combineResults(results);
    },
  };
}
