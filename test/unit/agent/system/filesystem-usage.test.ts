// Filesystem sizes for the heartbeat: statfs on the mounts holding / and /home, a hung mount never holds a beat.
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFilesystemUsageReader, watchedMounts, type FsStats } from '../../../../agent/system/filesystem-usage.ts';
import { parseProcMounts } from '../../../../agent/system/proc-mounts.ts';

const MOUNTS = [
  '/dev/mapper/vg-root / ext4 rw 0 0',
  'proc /proc proc rw 0 0',
  '/dev/mapper/vg-home /home ext4 rw,usrquota 0 0',
  'nas:/export /mnt/nas nfs4 rw 0 0',
  '',
].join('\n');
const STATS: FsStats = { bsize: 4096, blocks: 1000, bavail: 250 };

/** A statfs whose calls are answered by hand; every call is recorded. */
function manualStatfs() {
  const calls: string[] = [];
  const answers = new Map<string, (s: FsStats) => void>();
  return {
    calls,
    answer: (path: string) => answers.get(path)?.(STATS),
    statfs: (path: string) => {
      calls.push(path);
      if (!path.endsWith('/home')) return Promise.resolve(STATS);
      return new Promise<FsStats>((resolve) => answers.set(path, resolve)); // /home hangs until answered
    },
  };
}

describe('watchedMounts', () => {
  it('picks the mounts holding / and /home, each once', () => {
    expect(watchedMounts(parseProcMounts(MOUNTS)).map((m) => m.mountPoint)).toEqual(['/', '/home']);
    expect(watchedMounts(parseProcMounts('/dev/sda1 / ext4 rw 0 0\n')).map((m) => m.mountPoint)).toEqual(['/']);
  });
});

describe('createFilesystemUsageReader', () => {
  it('measures / and /home under rootDir with statfs, in bytes', async () => {
    const fake = manualStatfs();
    const reader = createFilesystemUsageReader({ rootDir: '/srv/root', readMounts: () => Promise.resolve(MOUNTS), statfs: (p) => Promise.resolve(STATS).finally(() => fake.calls.push(p)) });
    const usage = await reader.read();
    expect(fake.calls.sort()).toEqual(['/srv/root/', '/srv/root/home']);
    expect(usage).toEqual({
      filesystems: [
        { mount: '/', device: '/dev/mapper/vg-root', fsType: 'ext4', sizeBytes: 4_096_000, availBytes: 1_024_000 },
        { mount: '/home', device: '/dev/mapper/vg-home', fsType: 'ext4', sizeBytes: 4_096_000, availBytes: 1_024_000 },
      ],
      unanswered: [],
    });
  });

  it('reports a hung mount as unanswered on time, piles no call on it while stuck, and measures it again once it answered', async () => {
    const fake = manualStatfs();
    const reader = createFilesystemUsageReader({ rootDir: '/r', timeoutMs: 50, readMounts: () => Promise.resolve(MOUNTS), statfs: fake.statfs });
    const t0 = performance.now();
    const first = await reader.read();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(first.filesystems.map((f) => f.mount)).toEqual(['/']);
    expect(first.unanswered).toEqual(['/home']);
    const second = await reader.read(); // still stuck: answered at once, no second statfs on /home
    expect(second.unanswered).toEqual(['/home']);
    expect(fake.calls.filter((p) => p === '/r/home')).toHaveLength(1);
    fake.answer('/r/home');
    await new Promise((r) => setTimeout(r, 0));
    const third = reader.read(); // settled: measured again (and hangs again, until answered)
    await new Promise((r) => setTimeout(r, 0));
    fake.answer('/r/home');
    expect((await third).filesystems.map((f) => f.mount)).toEqual(['/', '/home']);
    expect(fake.calls.filter((p) => p === '/r/home')).toHaveLength(2);
  });

  it('answers no filesystem, never an error, when the mount table cannot be read', async () => {
    const reader = createFilesystemUsageReader({ rootDir: '/r', readMounts: () => Promise.reject(new Error('ENOENT')), statfs: () => Promise.resolve(STATS) });
    expect(await reader.read()).toEqual({ filesystems: [], unanswered: [] });
  });

  it('leaves out a mount whose statfs fails', async () => {
    const reader = createFilesystemUsageReader({
      rootDir: '/r', readMounts: () => Promise.resolve(MOUNTS),
      statfs: (p) => (p === '/r/home' ? Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' })) : Promise.resolve(STATS)),
    });
    expect(await reader.read()).toMatchObject({ filesystems: [{ mount: '/' }], unanswered: [] });
  });
});

describe('createFilesystemUsageReader on a real rootDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-statfs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads <rootDir>/proc/mounts and statfs the real directories', async () => {
    mkdirSync(join(root, 'proc'));
    mkdirSync(join(root, 'home'));
    writeFileSync(join(root, 'proc', 'mounts'), MOUNTS);
    const usage = await createFilesystemUsageReader({ rootDir: root }).read();
    const want = statfsSync(root);
    expect(usage.filesystems.map((f) => [f.mount, f.sizeBytes])).toEqual([['/', want.blocks * want.bsize], ['/home', want.blocks * want.bsize]]);
  });
});
