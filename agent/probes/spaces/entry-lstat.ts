// The one stat call of the node walker: `fs.lstatSync` (no symlink followed), answered into one reused object
// (read it before the next call), undefined for ENOENT; other errors are thrown as usual (`err.code`).
import { lstatSync } from 'node:fs';

/** The fields the walker uses. */
export interface EntryStat {
  dev: number;
  mode: number;
  nlink: number;
  ino: number;
  size: number;
  blocks: number;
  mtimeMs: number;
}

export type EntryLstat = (path: string | Buffer) => EntryStat | undefined;

export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;

export function createEntryLstat(): EntryLstat {
  const out: EntryStat = { dev: 0, mode: 0, nlink: 0, ino: 0, size: 0, blocks: 0, mtimeMs: 0 };
  const options = { throwIfNoEntry: false } as const;
  return (path) => {
    const st = lstatSync(path, options);
    if (st === undefined) return undefined;
    out.dev = st.dev;
    out.mode = st.mode;
    out.nlink = st.nlink;
    out.ino = st.ino;
    out.size = st.size;
    out.blocks = st.blocks;
    out.mtimeMs = st.mtimeMs;
    return out;
  };
}
