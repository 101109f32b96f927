// Streaming parser of the records GNU find prints for the 'find' walker (find-walker.ts), NUL-terminated so any
// name (newlines, invalid UTF-8) is safe. Paths are byte strings (latin1), as in the node walker. Pure: bytes in,
// figures out. Record shapes (see FIND_PRINT):
//   d<dev> <size> <blocks> <depth> <start point>\0<path under the start point>\0   directories
//   l<ino> <size> <blocks> <mtime s.ns> <depth> <name>\0                            non-directories with several links
//   <age><size> <blocks> <depth> <name>\0                                           other entries; age a|b|c|e (AGE_*)
// A file's folder is the last directory printed one level up (find lists depth-first, a folder before its content).
import { offerTop, type AgeCutoffs, type WalkStats } from './walk-stats.ts';

/** One path handed to find, and where its records go. */
export interface StartPoint {
  /** Absolute path, byte string: what find prints as %H. */
  path: string;
  space: number;
  /** Path of the start point relative to its space root ('' for the root itself). */
  rel: string;
  /** The start point itself was already counted (a folder split off by the main thread): skip its own record. */
  skipRoot: boolean;
}

export interface SpaceFigures {
  stats: WalkStats;
  /** Device of the space root (-1 until known): folders on another device are mount points, not counted. */
  dev: number;
}

/** Marks a largest-file entry whose mtime find did not print: looked up afterwards (find-walker.ts). */
export const MTIME_UNKNOWN = -1;

/** -printf formats and the age tests that pick them (mtime strictly after a cutoff, like the node walker). */
export function findPrintArgs(cut: AgeCutoffs): string[] {
  const at = (ms: number): string => `@${(ms / 1000).toFixed(3)}`;
  return [
    '(', '-type', 'd', '-printf', 'd%D %s %b %d %H\\0%P\\0', ')',
    '-o', '(', '-links', '+1', '-printf', 'l%i %s %b %T@ %d %f\\0', ')',
    '-o', '(', '-newermt', at(cut.sixMonthsMs), '-printf', 'a%s %b %d %f\\0', ')',
    '-o', '(', '-newermt', at(cut.oneYearMs), '-printf', 'b%s %b %d %f\\0', ')',
    '-o', '(', '-newermt', at(cut.threeYearsMs), '-printf', 'c%s %b %d %f\\0', ')',
    '-o', '-printf', 'e%s %b %d %f\\0',
  ];
}

const D = 0x64;
const L = 0x6c;
const A = 0x61;
const B = 0x62;
const C = 0x63;

function join(a: string, b: string): string {
  return a.length === 0 ? b : `${a}/${b}`;
}

export interface FindParser {
  push(chunk: Buffer): void;
  /** Bytes left over after the last complete record (0 when find's output ended cleanly). */
  pending(): number;
}

export function createFindParser(starts: readonly StartPoint[], spaces: readonly SpaceFigures[], topN: number): FindParser {
  const byPath = new Map<string, StartPoint[]>();
  for (const s of starts) {
    const list = byPath.get(s.path);
    if (list === undefined) byPath.set(s.path, [s]);
    else list.push(s);
  }
  let cur: StartPoint | undefined;
  let fig: SpaceFigures | undefined;
  const dirs: string[] = [];
  let rest: Buffer | undefined;

  return {
    pending: () => rest?.length ?? 0,
    push(chunk) {
      const buf = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
      let pos = 0;
      let i = 0;
      const num = (): number => {
        let v = 0;
        for (let c = buf[i++] as number; c >= 0x30 && c <= 0x39; c = buf[i++] as number) v = v * 10 + c - 0x30;
        return v;
      };
      for (;;) {
        const end = buf.indexOf(0, pos);
        if (end < 0) break;
        const type = buf[pos] as number;
        i = pos + 1;
        if (type === D) {
          const end2 = buf.indexOf(0, end + 1);
          if (end2 < 0) break;
          const dev = num();
          const size = num();
          const blocks = num();
          const depth = num();
          pos = end2 + 1;
          if (depth === 0) {
            cur = byPath.get(buf.toString('latin1', i, end))?.shift();
            fig = cur === undefined ? undefined : spaces[cur.space];
            dirs.length = 0;
            dirs[0] = cur?.rel ?? '';
            if (cur === undefined || fig === undefined || cur.skipRoot) continue;
            fig.dev = dev;
          } else {
            dirs[depth] = join(dirs[0] as string, buf.toString('latin1', end + 1, end2));
          }
          if (fig === undefined || dev !== fig.dev) continue; // a mount point: find -xdev does not go in, nor do we count it
          fig.stats.allocated += blocks * 512;
          fig.stats.apparent += size;
          fig.stats.directories += 1;
          continue;
        }
        pos = end + 1;
        if (fig === undefined) continue;
        const s = fig.stats;
        if (type === L) {
          const ino = num();
          const size = num();
          const blocks = num();
          const sec = num();
          let nsec = 0;
          if (buf[i - 1] === 0x2e) {
            // fraction: nanoseconds are its first 9 digits (find prints 10)
            let k = 0;
            for (let c = buf[i++] as number; c !== 0x20; c = buf[i++] as number, k += 1) if (k < 9) nsec = nsec * 10 + c - 0x30;
            for (; k < 9; k += 1) nsec *= 10;
          }
          const depth = num();
          s.linked.push({ ino, allocated: blocks * 512, size, mtimeMs: sec * 1e3 + nsec / 1e6, rel: join(dirs[depth - 1] ?? '', buf.toString('latin1', i, end)) });
          continue;
        }
        const size = num();
        const blocks = num();
        const depth = num();
        s.allocated += blocks * 512;
        s.apparent += size;
        s.files += 1;
        if (type === A || type === B) s.ageLt1y += size;
        else if (type === C) s.age1to3y += size;
        else s.ageGt3y += size;
        if (type !== A) s.olderThan6Months += 1;
        if (topN > 0 && (s.top.length < topN || size > (s.top[0]?.size ?? 0))) {
          offerTop(s.top, topN, { rel: join(dirs[depth - 1] ?? '', buf.toString('latin1', i, end)), size, mtimeMs: MTIME_UNKNOWN });
        }
      }
      rest = pos < buf.length ? Buffer.from(buf.subarray(pos)) : undefined;
    },
  };
}
