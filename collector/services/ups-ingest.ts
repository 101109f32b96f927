/**
 * UPS side of the heartbeat ingest: applies the pure episode rules (`domain/ups-episode.ts`) to the UPS reading
 * of an accepted heartbeat, and queues the « sur batterie » notice or its resolution in the same outbox as
 * outages (same notifiers, same retries). Runs inside the ingest transaction.
 */
import type { UpsReading } from '../../shared/protocol/index.ts';
import { activeSilence } from '../domain/silences.ts';
import { upsStepOnHeartbeat } from '../domain/ups-episode.ts';
import type { NoticeKind, Severity } from '../domain/notice-vocabulary.ts';
import type { LivenessDeps } from './liveness-deps.ts';

/** A heartbeat with UPS reading `ups` (or none) was accepted at `nowMs` from server `serverId`. */
export async function upsOnHeartbeat(deps: LivenessDeps, serverId: number, ups: UpsReading | undefined, nowMs: number): Promise<void> {
  if (ups === undefined) return;
  const { store, settings } = deps;
  const server = await store.liveness.get(serverId);
  if (server === undefined || server.state === 'retired') return;
  const open = (await store.ups.openEpisode(serverId)) ?? null;
  const window = settings.windowResolver.active(server.uai, nowMs);
  const silence = activeSilence(await store.silences.listCurrentForUai(server.uai, nowMs), server, nowMs);
  const step = upsStepOnHeartbeat(open, ups, { window, silence, policy: settings.alerts });

  const queue = async (episodeId: number, kind: NoticeKind, severity: Severity): Promise<void> => {
    await store.outbox.addNotice({
      serverId, outageId: null, upsEpisodeId: episodeId, kind, seq: 0, severity, state: 'online', cause: 'power_loss',
      windowName: window?.name ?? null, windowEndMs: window?.endMs ?? null, windowTimeZone: window?.timeZone ?? null, createdAtMs: nowMs,
    });
  };

  switch (step.op) {
    case 'none':
      return;
    case 'open': {
      const id = await store.ups.open({
        serverId, upsName: ups.name, startedAtMs: nowMs, chargeRatio: ups.chargeRatio ?? null, runtimeSeconds: ups.runtimeSeconds ?? null,
        lowBatteryAtMs: step.lowBattery ? nowMs : null, notifiedSeverity: step.notify,
      });
      if (step.notify !== null) await queue(id, 'ups_on_battery', step.notify);
      return;
    }
    case 'low_battery':
      await store.ups.markLowBattery(step.episodeId, nowMs);
      return;
    case 'close':
      await store.ups.close(step.episodeId, nowMs);
      if (step.notify !== null) await queue(step.episodeId, 'ups_on_mains', step.notify);
      return;
  }
}
