import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import si from 'systeminformation';
import type { Filesystem } from '../../shared/protocol/index.ts';
import { parseLoadavg, parseMeminfo, parseUptime } from './proc-parsers.ts';

/** What a heartbeat reports about the machine. */
export interface SystemReading {
  readonly uptimeSeconds: number;
  readonly load: { load1: number; load5: number; load15: number };
  readonly memory: { totalBytes: number; availableBytes: number };
  readonly filesystems: Filesystem[];
}

/** The machine, as the heartbeat sees it. Tests pass a fake. */
export interface SystemInfo {
  read(): Promise<SystemReading>;
}

/** Mount points whose filesystems a heartbeat reports. */
const WATCHED_MOUNTS = ['/', '/home'];

/**
 * Reads /proc under `rootDir` (uptime, load, memory) and the filesystems holding `/` and `/home`
 * through systeminformation (the only importer of that package).
 */
export function createSystemInfo(opts: { rootDir: string }): SystemInfo {
  const proc = (name: string) => readFile(join(opts.rootDir, 'proc', name), 'utf8');
  return {
    async read() {
      const [uptime, loadavg, meminfo, fsList] = await Promise.all([proc('uptime'), proc('loadavg'), proc('meminfo'), si.fsSize()]);
      return {
        uptimeSeconds: parseUptime(uptime),
        load: parseLoadavg(loadavg),
        memory: parseMeminfo(meminfo),
        filesystems: pickFilesystems(
          fsList.map((f) => ({ mount: f.mount, device: f.fs, fsType: f.type, sizeBytes: f.size, availBytes: f.available })),
        ),
      };
    },
  };
}

/** For each watched path, the filesystem with the longest mount-point prefix; one entry if they coincide. */
export function pickFilesystems(all: readonly Filesystem[]): Filesystem[] {
  const picked: Filesystem[] = [];
  for (const path of WATCHED_MOUNTS) {
    const holder = all
      .filter((f) => path === f.mount || path.startsWith(f.mount.endsWith('/') ? f.mount : `${f.mount}/`))
      .sort((a, b) => b.mount.length - a.mount.length)[0];
    if (holder && !picked.some((p) => p.mount === holder.mount)) {
      picked.push({ ...holder, sizeBytes: Math.max(0, Math.round(holder.sizeBytes)), availBytes: Math.max(0, Math.round(holder.availBytes)) });
    }
  }
  return picked;
}
