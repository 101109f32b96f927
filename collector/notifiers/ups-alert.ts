/**
 * The Alertmanager alert of a UPS notice: `ScribeUpsOnBattery` (the same name as the Prometheus rule in
 * grafana/src, so routes written for one path match the other), firing while the server runs on battery and
 * resolved when its UPS is back on line power.
 *
 * Labels (stable for one episode): `alertname`, `severity` (the on-battery notice's), `uai`, `server`, `ups`,
 * `academie`, plus the configured extra labels; no `cause` nor `window` label (a window ending mid-episode
 * must not make a second alert). Annotations as for outages (French `summary`, `description`…).
 */
import { descriptionFr, summaryFr } from '../notifications/messages-fr.ts';
import type { AlertShape, PostableAlert } from './alertmanager-notifier.ts';
import type { Notification } from './notifier.ts';

export const UPS_ON_BATTERY_ALERT = 'ScribeUpsOnBattery';

/** Pure: the alert posted for the UPS notice `n` at instant `now`. */
export function buildUpsAlert(n: Notification, now: Date, shape: AlertShape): PostableAlert {
  const labels: Record<string, string> = {
    ...shape.extraLabels,
    alertname: UPS_ON_BATTERY_ALERT,
    severity: n.announced?.severity ?? n.severity,
    uai: n.server.uai,
    server: n.server.machine,
  };
  if (n.ups !== undefined) labels.ups = n.ups.name;
  if (n.server.academie !== undefined && n.server.academie !== '') labels.academie = n.server.academie;
  const startsMs = n.since.getTime();
  const endsMs =
    n.kind === 'ups_on_mains'
      ? Math.max(startsMs, Math.min((n.endedAt ?? n.at).getTime(), now.getTime()))
      : Math.max(startsMs, now.getTime()) + shape.firingTtlMs;
  return {
    labels,
    annotations: { summary: summaryFr(n), description: descriptionFr(n), etablissement: n.server.name, notification_id: n.id, kind: n.kind },
    startsAt: new Date(startsMs).toISOString(),
    endsAt: new Date(endsMs).toISOString(),
    ...(n.generatorUrl !== undefined && URL.canParse(n.generatorUrl) ? { generatorURL: n.generatorUrl } : {}),
  };
}
