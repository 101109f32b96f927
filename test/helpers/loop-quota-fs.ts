// A real ext4 filesystem with user quotas, loop-mounted in a temp dir (needs root: CI runs as root).
// The kernel here cannot enforce quotas (no QFMT_V2), but `quotacheck` counts usage and `repquota` reports it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tool } from './requirements.ts';

/** What a real-quota test needs (with root, to mount -o loop). */
export const QUOTA_TOOLS = ['repquota', 'setquota', 'quotacheck', 'mkfsExt4', 'losetup', 'setpriv'] as const satisfies readonly Tool[];

function sh(bin: string, args: string[]): string {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface LoopQuotaFs {
  dir: string;
  mount: string;
  image: string;
  /** Writes `kib` KiB of zeros to `relPath` as the given uid/gid (through setpriv). */
  writeAs(uid: number, relPath: string, kib: number): void;
  /** setquota -u uid blockSoft blockHard inodeSoft inodeHard (KiB and counts). */
  setUserQuota(uid: number, bsoft: number, bhard: number, isoft: number, ihard: number): void;
  /** sync + quotacheck -ugm: the only way usage is refreshed on this kernel. */
  recount(): void;
  cleanup(): void;
}

/** Creates and mounts the filesystem. `quota: false` mounts it without usrquota (quotas not enabled). */
export function createLoopQuotaFs(options: { sizeMiB?: number; quota?: boolean } = {}): LoopQuotaFs {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-quota-'));
  sh('/bin/chmod', ['755', dir]);
  const image = join(dir, 'fs.img');
  const mount = join(dir, 'mnt');
  sh('/usr/bin/truncate', ['-s', `${options.sizeMiB ?? 64}M`, image]);
  sh('/usr/sbin/mkfs.ext4', ['-q', '-F', '-O', '^quota', image]);
  sh('/bin/mkdir', [mount]);
  const quota = options.quota ?? true;
  sh('/bin/mount', ['-o', quota ? 'loop,usrquota,grpquota' : 'loop', image, mount]);
  sh('/bin/chmod', ['1777', mount]);
  if (quota) {
    sh('/bin/sync', []);
    sh('/usr/sbin/quotacheck', ['-cugm', mount]);
  }
  return {
    dir,
    mount,
    image,
    writeAs(uid, relPath, kib) {
      sh('/usr/bin/setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '/bin/dd', 'if=/dev/zero', `of=${join(mount, relPath)}`, 'bs=1024', `count=${kib}`, 'status=none']);
    },
    setUserQuota(uid, bsoft, bhard, isoft, ihard) {
      sh('/usr/sbin/setquota', ['-u', String(uid), String(bsoft), String(bhard), String(isoft), String(ihard), mount]);
    },
    recount() {
      sh('/bin/sync', []);
      sh('/usr/sbin/quotacheck', ['-ugm', mount]);
    },
    cleanup() {
      try {
        sh('/bin/umount', [mount]);
      } catch {
        // not mounted
      }
      const loops = sh('/usr/sbin/losetup', ['-j', image]).split('\n').map((l) => l.split(':')[0] ?? '').filter((l) => l !== '');
      for (const dev of loops) {
        try {
          sh('/usr/sbin/losetup', ['-d', dev]);
        } catch {
          // already detached by umount
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
