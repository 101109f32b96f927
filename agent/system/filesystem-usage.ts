// Sizes of the filesystems holding the watched paths (`/` and `/home`), for the heartbeat: the mounts listed in
// `<rootDir>/proc/mounts`, each measured with statfs(2) (`fs.promises.statfs`, no external command) raced
// against a timer. A hung mount (NFS server gone) must never hold a heartbeat back: a statfs that has not answered
// in `timeoutMs` is reported as unanswered and the beat goes on without that filesystem. Its call cannot be
// cancelled, so the mount is remembered as stuck until that call settles, and later beats do not pile more calls
// on it (they report it unanswered straight away).
import { readFile, statfs as nodeStatfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Filesystem } from '../../shared/protocol/index.ts';
import { mountHolding, parseProcMounts, type MountEntry } from './proc-mounts.ts';

/** Mount points whose filesystems a heartbeat reports. */
export const WATCHED_PATHS: readonly string[] = ['/', '/home'];

/** The statfs fields used: block size, total blocks, blocks available to unprivileged users. */
export interface FsStats {
  bsize: number;
  blocks: number;
  bavail: number;
}

export interface FilesystemUsageDeps {
  /** The server's filesystem root ('/' in production). */
  rootDir: string;
  /** Longest wait for one statfs, ms. Default 2000. */
  timeoutMs?: number;
  /** Default `fs.promises.statfs`. Tests pass one that hangs. */
  statfs?: (path: string) => Promise<FsStats>;
  /** Default: reads `<rootDir>/proc/mounts`. */
  readMounts?: () => Promise<string>;
}

export interface FilesystemUsage {
  /** Empty when the mount table cannot be read (the beat goes on without sizes). */
  filesystems: Filesystem[];
  /** Mount points whose statfs did not answer in time (or is still stuck from an earlier beat). */
  unanswered: string[];
}

export interface FilesystemUsageReader {
  read(): Promise<FilesystemUsage>;
}

export const DEFAULT_STATFS_TIMEOUT_MS = 2000;

type Outcome = { kind: 'ok'; stats: FsStats } | { kind: 'error' } | { kind: 'timeout' };

/** The mounts holding the watched paths, each once, in the order of WATCHED_PATHS (pure). */
export function watchedMounts(entries: readonly MountEntry[]): MountEntry[] {
  const picked: MountEntry[] = [];
  for (const path of WATCHED_PATHS) {
    const holder = mountHolding(entries, path);
    if (holder !== undefined && !picked.some((p) => p.mountPoint === holder.mountPoint)) picked.push(holder);
  }
  return picked;
}

export function toFilesystem(mount: MountEntry, stats: FsStats): Filesystem {
  const bytes = (n: number): number => Math.max(0, Math.round(n * stats.bsize));
  return { mount: mount.mountPoint, device: mount.device, fsType: mount.fsType, sizeBytes: bytes(stats.blocks), availBytes: bytes(stats.bavail) };
}

export function createFilesystemUsageReader(deps: FilesystemUsageDeps): FilesystemUsageReader {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_STATFS_TIMEOUT_MS;
  const statfs = deps.statfs ?? ((path: string) => nodeStatfs(path));
  const readMounts = deps.readMounts ?? (() => readFile(join(deps.rootDir, 'proc', 'mounts'), 'utf8'));
  /** statfs calls still running, by mount point: this reader's own state, never shared. */
  const pending = new Map<string, Promise<Outcome>>();

  function measure(mount: MountEntry): Promise<Outcome> {
    const running = pending.get(mount.mountPoint);
    if (running !== undefined) return Promise.resolve({ kind: 'timeout' }); // still stuck since an earlier beat
    const call = statfs(join(deps.rootDir, mount.mountPoint)).then(
      (stats): Outcome => ({ kind: 'ok', stats }),
      (): Outcome => ({ kind: 'error' }),
    );
    pending.set(mount.mountPoint, call);
    void call.then(() => pending.delete(mount.mountPoint));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  return {
    async read() {
      const table = await readMounts().catch(() => '');
      const mounts = watchedMounts(parseProcMounts(table));
      const outcomes = await Promise.all(mounts.map(measure));
      const usage: FilesystemUsage = { filesystems: [], unanswered: [] };
      mounts.forEach((m, i) => {
        const o = outcomes[i] as Outcome;
        if (o.kind === 'ok') usage.filesystems.push(toFilesystem(m, o.stats));
        else if (o.kind === 'timeout') usage.unanswered.push(m.mountPoint);
      });
      return usage;
    },
  };
}
