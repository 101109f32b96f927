// The one stat call of the walker, in two flavours (scan.walker):
// - 'node': `fs.lstatSync`. On Node 20 every call builds a `Stats` with four `Date` objects (≈ 11 % of a walk).
// - 'raw': the same libuv lstat through Node's own fs binding (`process.binding('fs').lstat`, what `lstatSync`
//   calls inside), which answers the raw field array: no `Stats`, no `Date`. It is an internal interface, so it
//   is used only when `lstatSync` calls it the same way, and after it agrees with `fs.lstatSync` on a real path;
//   otherwise 'node' is used.
// Both answer into one reused object (read it before the next call), undefined for ENOENT, and throw the usual
// errno errors (`err.code`) otherwise.
import { lstatSync } from 'node:fs';

export type WalkerStat = 'node' | 'raw';

/** The fields the walker uses. `mtimeMs` is computed exactly as `Stats#mtimeMs` (sec·1e3 + nsec/1e6). */
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

type RawLstat = (path: string | Buffer, bigint: false, req: undefined, throwIfNoEntry: boolean) => Float64Array | undefined;

// Field order of Node's stat array (src/node_file.h FsStatsOffset): dev, mode, nlink, uid, gid, rdev, blksize,
// ino, size, blocks, atime sec/nsec, mtime sec/nsec, …
const DEV = 0;
const MODE = 1;
const NLINK = 2;
const INO = 7;
const SIZE = 8;
const BLOCKS = 9;
const MTIME_SEC = 12;
const MTIME_NSEC = 13;

function nodeLstat(): EntryLstat {
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

function fromRaw(raw: RawLstat): EntryLstat {
  const out: EntryStat = { dev: 0, mode: 0, nlink: 0, ino: 0, size: 0, blocks: 0, mtimeMs: 0 };
  return (path) => {
    const a = raw(path, false, undefined, false);
    if (a === undefined) return undefined;
    out.dev = a[DEV] as number;
    out.mode = a[MODE] as number;
    out.nlink = a[NLINK] as number;
    out.ino = a[INO] as number;
    out.size = a[SIZE] as number;
    out.blocks = a[BLOCKS] as number;
    out.mtimeMs = (a[MTIME_SEC] as number) * 1e3 + (a[MTIME_NSEC] as number) / 1e6;
    return out;
  };
}

/** Node's internal fs binding's lstat, or undefined when this Node does not offer it in the expected shape. */
function findRawLstat(): RawLstat | undefined {
  try {
    // The calling convention mirrored here: `binding.lstat(path, bigint, undefined, throwIfNoEntry)`, errors
    // thrown (Node ≥ 20.x). Older Nodes pass an error context object as 4th argument instead: not for us.
    if (!/binding\.lstat\([^;]*options\.throwIfNoEntry,?\s*\)/.test(lstatSync.toString())) return undefined;
    const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
    if (typeof binding !== 'function') return undefined;
    const fs = binding.call(process, 'fs') as { lstat?: unknown } | undefined;
    return typeof fs?.lstat === 'function' ? (fs.lstat.bind(fs) as RawLstat) : undefined;
  } catch {
    return undefined;
  }
}

/** True when `candidate` answers exactly what `fs.lstatSync` does for `probePath` (a directory and its missing child). */
export function agreesWithNode(candidate: EntryLstat, probePath: string): boolean {
  try {
    const want = lstatSync(probePath);
    const got = candidate(probePath);
    const same = got !== undefined && got.dev === want.dev && got.mode === want.mode && got.nlink === want.nlink
      && got.ino === want.ino && got.size === want.size && got.blocks === want.blocks && got.mtimeMs === want.mtimeMs;
    return same && candidate(`${probePath}/.vigie-no-such-entry-${want.ino}`) === undefined;
  } catch {
    return false;
  }
}

/** The stat function for `kind`; 'raw' degrades to 'node' when the binding is missing or disagrees on `probePath`. */
export function createEntryLstat(kind: WalkerStat, probePath = '/'): { lstat: EntryLstat; kind: WalkerStat } {
  if (kind === 'raw') {
    const raw = findRawLstat();
    if (raw !== undefined) {
      const lstat = fromRaw(raw);
      if (agreesWithNode(lstat, probePath)) return { lstat, kind: 'raw' };
    }
  }
  return { lstat: nodeLstat(), kind: 'node' };
}
