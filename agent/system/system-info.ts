import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Filesystem } from '../../shared/protocol/index.ts';
import { createFilesystemUsageReader, type FilesystemUsageDeps } from './filesystem-usage.ts';
import { parseLoadavg, parseMeminfo, parseUptime } from './proc-parsers.ts';

/** What a heartbeat reports about the machine. */
export interface SystemReading {
  readonly uptimeSeconds: number;
  readonly load: { load1: number; load5: number; load15: number };
  readonly memory: { totalBytes: number; availableBytes: number };
  readonly filesystems: Filesystem[];
  /** Watched mounts left out of `filesystems` because their statfs did not answer in time. */
  readonly unansweredMounts?: readonly string[];
}

/** The machine, as the heartbeat sees it. Tests pass a fake. */
export interface SystemInfo {
  read(): Promise<SystemReading>;
}

/**
 * Reads /proc under `rootDir` (uptime, load, memory) and the sizes of the filesystems holding `/` and `/home`
 * (statfs on the mounts of `<rootDir>/proc/mounts`, each with a timeout: filesystem-usage.ts).
 */
export function createSystemInfo(opts: FilesystemUsageDeps): SystemInfo {
  const proc = (name: string) => readFile(join(opts.rootDir, 'proc', name), 'utf8');
  const filesystems = createFilesystemUsageReader(opts);
  return {
    async read() {
      const [uptime, loadavg, meminfo, usage] = await Promise.all([proc('uptime'), proc('loadavg'), proc('meminfo'), filesystems.read()]);
      return {
        uptimeSeconds: parseUptime(uptime),
        load: parseLoadavg(loadavg),
        memory: parseMeminfo(meminfo),
        filesystems: usage.filesystems,
        ...(usage.unanswered.length === 0 ? {} : { unansweredMounts: usage.unanswered }),
      };
    },
  };
}
