// Resolves a server path through its symlinks as the server would, but inside `rootDir` (tests build trees in a
// temp dir whose links say `/home/adhomes/x`). Never leaves rootDir; a dangling link or a loop gives null.
import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';

const MAX_HOPS = 40;

/** Server path → resolved server path (no symlink left), or null when it does not exist or loops. */
export async function resolveUnderRoot(rootDir: string, serverPath: string): Promise<string | null> {
  const pending = serverPath.split('/').filter((p) => p !== '');
  const done: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const candidate = `/${[...done, part].join('/')}`;
    let isLink: boolean;
    try {
      isLink = (await lstat(join(rootDir, candidate))).isSymbolicLink();
    } catch {
      return null;
    }
    if (!isLink) {
      done.push(part);
      continue;
    }
    hops += 1;
    if (hops > MAX_HOPS) return null;
    let target: string;
    try {
      target = await readlink(join(rootDir, candidate));
    } catch {
      return null;
    }
    if (target.startsWith('/')) done.length = 0;
    pending.unshift(...target.split('/').filter((p) => p !== ''));
  }
  return `/${done.join('/')}`;
}
