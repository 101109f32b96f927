// The spool's only file-system code: crash-safe writes (temp file, fsync, rename, directory fsync), reads,
// removals and moves aside. One file per message; nothing here decides anything.
import { mkdir, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_PREFIX, syncDir, writeFileDurable } from '../state/durable-file.ts';

/** Where messages that will never be sent are kept for a person to look at. */
export type AsideFolder = 'rejected' | 'corrupt';

export interface SpoolDir {
  readonly path: string;
  /** Creates the folders, removes half-written temp files, and lists the message files with their sizes. */
  open(): Promise<{ name: string; bytes: number }[]>;
  /** Lists the message files with their sizes (another process, `vigie-agent scan`, may have added some). */
  list(): Promise<{ name: string; bytes: number }[]>;
  /** Writes `name` atomically and durably: after it resolves, the file survives a power cut. */
  write(name: string, text: string): Promise<void>;
  read(name: string): Promise<string>;
  /** Removes `name` (already gone is fine), durably. */
  remove(name: string): Promise<void>;
  /** Moves `name` into `rejected/` or `corrupt/`, durably. */
  moveAside(name: string, folder: AsideFolder): Promise<void>;
}

export function createSpoolDir(path: string): SpoolDir {
  return {
    path,
    async open() {
      await mkdir(join(path, 'rejected'), { recursive: true, mode: 0o700 });
      await mkdir(join(path, 'corrupt'), { recursive: true, mode: 0o700 });
      for (const entry of await readdir(path, { withFileTypes: true })) {
        // A write cut short: never renamed, so never counted as spooled.
        if (entry.isFile() && entry.name.startsWith(TEMP_PREFIX)) await unlink(join(path, entry.name)).catch(() => undefined);
      }
      return this.list();
    },
    async list() {
      const files: { name: string; bytes: number }[] = [];
      for (const entry of await readdir(path, { withFileTypes: true })) {
        if (!entry.isFile() || entry.name.startsWith(TEMP_PREFIX)) continue;
        const size = await stat(join(path, entry.name)).then((st) => st.size, () => undefined);
        if (size !== undefined) files.push({ name: entry.name, bytes: size });
      }
      return files;
    },
    write: (name, text) => writeFileDurable(path, name, text),
    read: (name) => readFile(join(path, name), 'utf8'),
    async remove(name) {
      try {
        await unlink(join(path, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        return;
      }
      await syncDir(path);
    },
    async moveAside(name, folder) {
      await rename(join(path, name), join(path, folder, name));
      await syncDir(path);
      await syncDir(join(path, folder));
    },
  };
}
