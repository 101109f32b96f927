// The synchronous walk of one directory task (runs inside a worker thread): readdirSync + lstat (entry-lstat.ts) on byte
// paths (byte strings, see walk-stats.ts), never follows symlinks, stays on the space's device, counts like `du -sB1` / `du -sb`.
import { readdirSync } from 'node:fs';
import { S_IFDIR, S_IFMT, type EntryLstat, type EntryStat } from './entry-lstat.ts';
import { addError, addFile, emptyStats, offerTop, type AgeCutoffs, type LinkedInode, type WalkStats } from './walk-stats.ts';

export interface WalkTask {
  id: number;
  /** Index of the space this task belongs to. */
  space: number;
  /** Absolute path of the directory, as a byte string (latin1 view of the raw bytes). */
  path: string;
  /** The same path relative to the space root (empty for the root). */
  rel: string;
  /** Device of the space root; -1 when this task is the space root itself (counted and read from lstat). */
  dev: number;
  /** Depth of `path` below the space root (root = 0). */
  depth: number;
  /** Directories down to this depth are handed back as separate tasks (spread over workers), not walked here. */
  splitLevels: number;
  /** Names (byte strings) skipped directly under the space root (e.g. `travail` inside `commun`: its own space). */
  exclude: readonly string[];
}

export interface SubTask {
  path: string;
  rel: string;
  depth: number;
}

export interface WalkTaskResult {
  id: number;
  space: number;
  dev: number;
  stats: WalkStats;
  subtasks: SubTask[];
  truncated: boolean;
  /** errno code when the space root itself cannot be read with lstat (missing, permission…). */
  rootError?: string;
}

export interface WalkContext {
  topN: number;
  cut: AgeCutoffs;
  /** The stat call (answers into a reused object: read it before the next call): entry-lstat.ts. */
  lstat: EntryLstat;
  /** Polled every few hundred entries: true means stop now (time budget spent or scan aborted). */
  shouldStop(): boolean;
}

const CHECK_EVERY = 256;

function join(a: string, b: string): string {
  return a.length === 0 ? b : `${a}/${b}`;
}

function bytes(path: string): Buffer {
  return Buffer.from(path, 'latin1');
}

const NON_ASCII = /[\x80-\xff]/; // byte strings hold chars 0x00-0xff only

/** A byte string made only of ASCII is the same in UTF-8: pass it as is and save a Buffer per entry. */
function fsPath(path: string, ascii: boolean): string | Buffer {
  return ascii ? path : bytes(path);
}

function errCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/** Walks one task. Pure apart from reading the file system; never throws for a file-system error. */
export function walkTask(task: WalkTask, ctx: WalkContext): WalkTaskResult {
  const stats = emptyStats();
  const subtasks: SubTask[] = [];
  const seenLinked = new Set<number>();
  const linked: LinkedInode[] = [];
  let dev = task.dev;
  let truncated = false;
  const { lstat } = ctx;

  if (dev === -1) {
    let st: EntryStat | undefined;
    try {
      st = lstat(bytes(task.path));
    } catch (err) {
      return { id: task.id, space: task.space, dev, stats, subtasks, truncated, rootError: errCode(err) };
    }
    if (st === undefined) return { id: task.id, space: task.space, dev, stats, subtasks, truncated, rootError: 'ENOENT' };
    dev = st.dev;
    if ((st.mode & S_IFMT) !== S_IFDIR) {
      addFile(stats, st.blocks * 512, st.size, st.mtimeMs, ctx.cut);
      offerTop(stats.top, ctx.topN, { rel: task.rel, size: st.size, mtimeMs: st.mtimeMs });
      return { id: task.id, space: task.space, dev, stats, subtasks, truncated };
    }
    stats.allocated += st.blocks * 512;
    stats.apparent += st.size;
    stats.directories += 1;
  }

  const exclude = task.depth === 0 && task.exclude.length > 0 ? new Set(task.exclude) : undefined;
  const stack: SubTask[] = [{ path: task.path, rel: task.rel, depth: task.depth }];
  let sinceCheck = 0;

  while (stack.length > 0) {
    const dir = stack.pop() as SubTask;
    let names: string[];
    try {
      names = readdirSync(bytes(dir.path), 'latin1');
    } catch (err) {
      addError(stats, dir.rel, errCode(err));
      continue;
    }
    const childDepth = dir.depth + 1;
    const dirAscii = !NON_ASCII.test(dir.path);
    for (const name of names) {
      if (exclude !== undefined && dir.depth === 0 && exclude.has(name)) continue;
      const path = `${dir.path}/${name}`;
      let st: EntryStat | undefined;
      try {
        st = lstat(fsPath(path, dirAscii && !NON_ASCII.test(name)));
      } catch (err) {
        addError(stats, join(dir.rel, name), errCode(err));
        continue;
      }
      if (st === undefined) {
        addError(stats, join(dir.rel, name), 'ENOENT');
        continue;
      }
      if (st.dev !== dev) continue; // another file system mounted inside: not ours (du -x)
      if ((st.mode & S_IFMT) === S_IFDIR) {
        stats.allocated += st.blocks * 512;
        stats.apparent += st.size;
        stats.directories += 1;
        const rel = join(dir.rel, name);
        if (childDepth <= task.splitLevels) subtasks.push({ path, rel, depth: childDepth });
        else stack.push({ path, rel, depth: childDepth });
      } else if (st.nlink > 1) {
        if (!seenLinked.has(st.ino)) {
          seenLinked.add(st.ino);
          linked.push({ ino: st.ino, allocated: st.blocks * 512, size: st.size, mtimeMs: st.mtimeMs, rel: join(dir.rel, name) });
        }
      } else {
        addFile(stats, st.blocks * 512, st.size, st.mtimeMs, ctx.cut);
        if (ctx.topN > 0 && (stats.top.length < ctx.topN || st.size > (stats.top[0]?.size ?? 0))) {
          offerTop(stats.top, ctx.topN, { rel: join(dir.rel, name), size: st.size, mtimeMs: st.mtimeMs });
        }
      }
      sinceCheck += 1;
      if (sinceCheck >= CHECK_EVERY) {
        sinceCheck = 0;
        if (ctx.shouldStop()) {
          truncated = true;
          break;
        }
      }
    }
    if (truncated) break;
  }
  stats.linked = linked;
  return { id: task.id, space: task.space, dev, stats, subtasks, truncated };
}
