/**
 * Builds what a notifier receives from a queued UPS notice (`ups_on_battery`, `ups_on_mains`): the server, the
 * episode's UPS and battery figures, the window it was decided in. The alert key is stable for one episode.
 */
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import type { Notification } from '../notifiers/notifier.ts';
import type { NoticeRow } from '../storage/outbox-repo.ts';
import type { Store } from '../storage/store.ts';

export async function buildUpsNotification(store: Store, notice: NoticeRow, publicUrl: string): Promise<Notification | undefined> {
  const server = await store.liveness.get(notice.serverId);
  const episode = notice.upsEpisodeId === null ? undefined : await store.ups.episode(notice.upsEpisodeId);
  if (server === undefined || episode === undefined) return undefined;
  const base = publicUrl.replace(/\/+$/, '');
  return {
    id: String(notice.id),
    alertKey: `${server.uai}/${server.machine}/ups/${episode.startedAtMs}`,
    kind: notice.kind,
    severity: notice.severity,
    server: { uai: server.uai, machine: server.machine, name: server.name, ...(server.academie ? { academie: server.academie } : {}) },
    state: notice.state,
    cause: notice.cause,
    since: new Date(episode.startedAtMs),
    at: new Date(notice.createdAtMs),
    ...(notice.kind === 'ups_on_mains' && episode.endedAtMs !== null ? { endedAt: new Date(episode.endedAtMs) } : {}),
    ...(notice.windowName !== null && notice.windowEndMs !== null
      ? { window: { name: notice.windowName, endsAt: new Date(notice.windowEndMs), timeZone: notice.windowTimeZone ?? PARIS_TIME_ZONE } }
      : {}),
    generatorUrl: `${base}/api/v1/servers/${encodeURIComponent(server.uai)}/${encodeURIComponent(server.machine)}`,
    ...(notice.kind === 'ups_on_mains' && episode.notifiedSeverity !== null ? { announced: { cause: notice.cause, severity: episode.notifiedSeverity } } : {}),
    ups: {
      name: episode.upsName,
      ...(episode.chargeRatio !== null ? { chargeRatio: episode.chargeRatio } : {}),
      ...(episode.runtimeSeconds !== null ? { runtimeSeconds: episode.runtimeSeconds } : {}),
      ...(episode.lowBatteryAtMs !== null ? { lowBatteryAt: new Date(episode.lowBatteryAtMs) } : {}),
    },
  };
}
