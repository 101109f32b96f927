import { Gauge, type Registry } from 'prom-client';
import { clockSkewSeconds } from '../domain/clock-skew.ts';
import type { Store } from '../storage/store.ts';
import { sharedCollect } from './shared-collect.ts';

type L = 'uai' | 'server';

/**
 * Per-server gauges from the last heartbeat, filled from the store at scrape time
 * (a collector restart loses nothing, and a server that stops reporting keeps its last values;
 * its liveness is judged on `scribe_server_last_seen_timestamp_seconds`, never on a cached value).
 */
export function registerServerMetrics(registry: Registry, deps: { readonly store: Store }): void {
  const r = [registry];
  // Every gauge of this file is filled from one read of the store, shared by their collect() within a scrape
  // (prom-client collects them concurrently).
  const collect = sharedCollect(() => fill());
  const enrolled = new Gauge({
    name: 'vigie_enrolled_servers',
    help: 'Servers enrolled and not retired.',
    registers: r,
    collect,
  });
  const info = new Gauge<L | 'name' | 'academie' | 'eole_module' | 'eole_version' | 'agent_version'>({
    name: 'scribe_server_info',
    help: 'Enrolled Scribe server (always 1); labels carry its name, académie and versions.',
    labelNames: ['uai', 'server', 'name', 'academie', 'eole_module', 'eole_version', 'agent_version'],
    registers: r,
    collect,
  });
  const g = (name: string, help: string) => new Gauge<L>({ name, help, labelNames: ['uai', 'server'], registers: r, collect });
  const lastSeen = g('scribe_server_last_seen_timestamp_seconds', 'When the collector last received a heartbeat (Unix time).');
  const boot = g('scribe_server_boot_timestamp_seconds', 'Boot time the server reported (Unix time).');
  const uptime = g('scribe_server_uptime_seconds', 'Uptime the server reported in its last heartbeat.');
  const interval = g('scribe_server_heartbeat_interval_seconds', 'Heartbeat interval the agent announced.');
  const skew = g(
    'scribe_server_clock_skew_seconds',
    "How far the server's clock is ahead of the collector's (negative: behind), from its last heartbeat's sentAt against its arrival, corrected by half the agent's measured round trip.",
  );
  const load1 = g('scribe_server_load1', '1-minute load average.');
  const load5 = g('scribe_server_load5', '5-minute load average.');
  const load15 = g('scribe_server_load15', '15-minute load average.');
  const memTotal = g('scribe_server_memory_total_bytes', 'Physical memory.');
  const memAvail = g('scribe_server_memory_available_bytes', 'Memory available for new work.');
  const fsLabels = ['uai', 'server', 'mountpoint'] as const;
  const fsSize = new Gauge<L | 'mountpoint'>({ name: 'scribe_filesystem_size_bytes', help: 'Filesystem size.', labelNames: fsLabels, registers: r, collect });
  const fsAvail = new Gauge<L | 'mountpoint'>({ name: 'scribe_filesystem_avail_bytes', help: 'Filesystem space available to users.', labelNames: fsLabels, registers: r, collect });
  const all = [info, lastSeen, boot, uptime, interval, skew, load1, load5, load15, memTotal, memAvail, fsSize, fsAvail];

  async function fill(): Promise<void> {
    // Read first, then reset and set without awaiting: a scrape never sees half-filled gauges.
    const servers = await deps.store.servers.list();
    for (const m of all) m.reset();
    let count = 0;
    for (const s of servers) {
      if (s.retiredAtMs !== null) continue;
      count += 1;
      const id = { uai: s.uai, server: s.machine };
      const hb = s.lastHeartbeat;
      info.set(
        {
          ...id,
          name: s.name,
          academie: s.academie ?? hb?.eole?.academy ?? '',
          eole_module: hb?.eole?.module ?? '',
          eole_version: hb?.eole?.release ?? hb?.eole?.version ?? '',
          agent_version: hb?.agentVersion ?? '',
        },
        1,
      );
      if (hb === null || s.lastSeenAtMs === null) continue;
      lastSeen.set(id, s.lastSeenAtMs / 1000);
      boot.set(id, Date.parse(hb.bootTime) / 1000);
      uptime.set(id, hb.uptimeSeconds);
      interval.set(id, hb.intervalSeconds);
      skew.set(id, clockSkewSeconds(Date.parse(hb.sentAt), s.lastSeenAtMs, hb.lastRoundTripMs));
      load1.set(id, hb.load.load1);
      load5.set(id, hb.load.load5);
      load15.set(id, hb.load.load15);
      memTotal.set(id, hb.memory.totalBytes);
      memAvail.set(id, hb.memory.availableBytes);
      for (const fs of hb.filesystems) {
        fsSize.set({ ...id, mountpoint: fs.mount }, fs.sizeBytes);
        fsAvail.set({ ...id, mountpoint: fs.mount }, fs.availBytes);
      }
    }
    enrolled.set(count);
  }
}
