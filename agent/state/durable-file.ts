// Crash-safe small-file writes: a temp file, fsync'd, renamed over the target, then the directory fsync'd so
// the rename itself survives a power cut. Used by the spool and by state.json.
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Prefix of the temp files; a file with it left behind was never renamed, hence never acknowledged. */
export const TEMP_PREFIX = '.tmp-';

export async function syncDir(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `dir/name` atomically and durably (mode 0600). */
export async function writeFileDurable(dir: string, name: string, text: string): Promise<void> {
  const temp = join(dir, `${TEMP_PREFIX}${name}`);
  const fh = await open(temp, 'w', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } catch (err) {
    await fh.close();
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  await rename(temp, join(dir, name));
  await syncDir(dir);
}
