import { Gauge, type Registry } from 'prom-client';
import { clockSkewSeconds } from '../domain/clock-skew.ts';
import type { ServerRow } from '../storage/servers-repo.ts';
import type { Store } from '../storage/store.ts';
import { sharedCollect } from './shared-collect.ts';
import { TextFamily, labelPair } from './text-family.ts';

/**
 * Per-server gauges from the last heartbeat, filled from the store at scrape time
 * (a collector restart loses nothing, and a server that stops reporting keeps its last values;
 * its liveness is judged on `scribe_server_last_seen_timestamp_seconds`, never on a cached value).
 * The per-server families are {@link TextFamily}s (one series per server or per filesystem: see text-family.ts).
 */
export interface ServerListDeps {
  readonly store: Store;
  /** The scrape's one read of `store.servers.list()`, shared with other concerns (index.ts); else read here. */
  readonly listServers?: () => Promise<ServerRow[]>;
}

export function registerServerMetrics(registry: Registry, deps: ServerListDeps): void {
  // Every gauge of this file is filled from one read of the store, shared by their collect() within a scrape
  // (prom-client collects them concurrently).
  const collect = sharedCollect(() => fill());
  const enrolled = new Gauge({
    name: 'vigie_enrolled_servers',
    help: 'Servers enrolled and not retired.',
    registers: [registry],
    collect,
  });
  const g = (name: string, help: string) => new TextFamily(name, help, 'gauge', collect, registry);
  const info = g('scribe_server_info', 'Enrolled Scribe server (always 1); labels carry its name, académie and versions.');
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
  const fsSize = g('scribe_filesystem_size_bytes', 'Filesystem size.');
  const fsAvail = g('scribe_filesystem_avail_bytes', 'Filesystem space available to users.');
  const all = [info, lastSeen, boot, uptime, interval, skew, load1, load5, load15, memTotal, memAvail, fsSize, fsAvail];

  async function fill(): Promise<void> {
    // Read first, then reset and set without awaiting: a scrape never sees half-filled gauges.
    const servers = await (deps.listServers ?? deps.store.servers.list)();
    for (const m of all) m.reset();
    let count = 0;
    for (const s of servers) {
      if (s.retiredAtMs !== null) continue;
      count += 1;
      const id = `${labelPair('uai', s.uai)},${labelPair('server', s.machine)}`;
      const hb = s.lastHeartbeat;
      const infoLabels = [
        id,
        labelPair('name', s.name),
        labelPair('academie', s.academie ?? hb?.eole?.academy ?? ''),
        labelPair('eole_module', hb?.eole?.module ?? ''),
        labelPair('eole_version', hb?.eole?.release ?? hb?.eole?.version ?? ''),
        labelPair('agent_version', hb?.agentVersion ?? ''),
      ];
      info.add(infoLabels.join(','), 1);
      if (hb === null || s.lastSeenAtMs === null) continue;
      lastSeen.add(id, s.lastSeenAtMs / 1000);
      boot.add(id, Date.parse(hb.bootTime) / 1000);
      uptime.add(id, hb.uptimeSeconds);
      interval.add(id, hb.intervalSeconds);
      skew.add(id, clockSkewSeconds(Date.parse(hb.sentAt), s.lastSeenAtMs, hb.lastRoundTripMs));
      load1.add(id, hb.load.load1);
      load5.add(id, hb.load.load5);
      load15.add(id, hb.load.load15);
      memTotal.add(id, hb.memory.totalBytes);
      memAvail.add(id, hb.memory.availableBytes);
      // A mount listed twice keeps its first place and its last figures, as a labelled gauge set twice would.
      const byMount = new Map(hb.filesystems.map((fs) => [fs.mount, fs]));
      for (const [mount, fs] of byMount) {
        const labels = `${id},${labelPair('mountpoint', mount)}`;
        fsSize.add(labels, fs.sizeBytes);
        fsAvail.add(labels, fs.availBytes);
      }
    }
    enrolled.set(count);
  }
}
