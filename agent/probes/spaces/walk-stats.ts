// Figures of a (partial) walk, how to add one file to them, and how to merge partial walks of one space.
// Paths are "byte strings" (latin1: one char per byte) relative to the space root, so invalid UTF-8 names
// survive until display (see {@link displayPath}), and cost no more than plain strings to build and post.

/** Age limits, as epoch milliseconds computed once from the scan's `now`. */
export interface AgeCutoffs {
  /** Modified after this: less than a year old. */
  oneYearMs: number;
  /** Modified after this (and not after oneYearMs): one to three years old; at or before: older. */
  threeYearsMs: number;
  /** Modified at or before this: older than six months (used for the `importation` folder). */
  sixMonthsMs: number;
}

export interface FileRef {
  rel: string;
  size: number;
  mtimeMs: number;
}

/** A non-directory inode with several links: counted once per space, when the partial walks are merged (like du). */
export interface LinkedInode extends FileRef {
  ino: number;
  allocated: number;
}

export interface WalkError {
  rel: string;
  code: string;
}

export interface WalkStats {
  allocated: number;
  apparent: number;
  /** Non-directory entries: regular files, symlinks, sockets… (du counts their sizes too). */
  files: number;
  directories: number;
  ageLt1y: number;
  age1to3y: number;
  ageGt3y: number;
  olderThan6Months: number;
  top: FileRef[];
  linked: LinkedInode[];
  errorCount: number;
  errors: WalkError[];
}

export const MAX_ERRORS_KEPT = 50;

export function emptyStats(): WalkStats {
  return {
    allocated: 0, apparent: 0, files: 0, directories: 0, ageLt1y: 0, age1to3y: 0, ageGt3y: 0,
    olderThan6Months: 0, top: [], linked: [], errorCount: 0, errors: [],
  };
}

/** Adds one non-directory entry (already known to be counted once). */
export function addFile(s: WalkStats, allocated: number, size: number, mtimeMs: number, cut: AgeCutoffs): void {
  s.allocated += allocated;
  s.apparent += size;
  s.files += 1;
  if (mtimeMs > cut.oneYearMs) s.ageLt1y += size;
  else if (mtimeMs > cut.threeYearsMs) s.age1to3y += size;
  else s.ageGt3y += size;
  if (mtimeMs <= cut.sixMonthsMs) s.olderThan6Months += 1;
}

export function addError(s: WalkStats, rel: string, code: string): void {
  s.errorCount += 1;
  if (s.errors.length < MAX_ERRORS_KEPT) s.errors.push({ rel, code });
}

/** Keeps the `n` largest files in a min-heap on size (`top[0]` is the smallest kept). */
export function offerTop(top: FileRef[], n: number, ref: FileRef): void {
  if (n <= 0) return;
  if (top.length < n) {
    top.push(ref);
    let i = top.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((top[p] as FileRef).size <= (top[i] as FileRef).size) break;
      [top[p], top[i]] = [top[i] as FileRef, top[p] as FileRef];
      i = p;
    }
    return;
  }
  if (ref.size <= (top[0] as FileRef).size) return;
  top[0] = ref;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < top.length && (top[l] as FileRef).size < (top[m] as FileRef).size) m = l;
    if (r < top.length && (top[r] as FileRef).size < (top[m] as FileRef).size) m = r;
    if (m === i) break;
    [top[m], top[i]] = [top[i] as FileRef, top[m] as FileRef];
    i = m;
  }
}

/** Adds `b` into `a` (linked inodes are concatenated, deduplicated later by {@link settleLinked}). */
export function mergeInto(a: WalkStats, b: WalkStats, topN: number): void {
  a.allocated += b.allocated;
  a.apparent += b.apparent;
  a.files += b.files;
  a.directories += b.directories;
  a.ageLt1y += b.ageLt1y;
  a.age1to3y += b.age1to3y;
  a.ageGt3y += b.ageGt3y;
  a.olderThan6Months += b.olderThan6Months;
  for (const f of b.top) offerTop(a.top, topN, f);
  for (const l of b.linked) a.linked.push(l);
  a.errorCount += b.errorCount;
  for (const e of b.errors) if (a.errors.length < MAX_ERRORS_KEPT) a.errors.push(e);
}

/** Counts each multiply-linked inode once (first path seen wins), then empties `linked`. */
export function settleLinked(s: WalkStats, topN: number, cut: AgeCutoffs): void {
  const seen = new Set<number>();
  for (const l of s.linked) {
    if (seen.has(l.ino)) continue;
    seen.add(l.ino);
    addFile(s, l.allocated, l.size, l.mtimeMs, cut);
    offerTop(s.top, topN, l);
  }
  s.linked = [];
}

/** The largest files, biggest first. */
export function sortedTop(top: readonly FileRef[]): FileRef[] {
  return [...top].sort((x, y) => y.size - x.size);
}

/** A real (UTF-8) path → the byte string the walker uses. */
export function toByteString(path: string): string {
  return Buffer.from(path, 'utf8').toString('latin1');
}

/**
 * Bytes of a path (a byte string or raw bytes) → readable text: valid UTF-8 is kept, invalid bytes and control characters become `\xNN`,
 * and a backslash becomes `\\`, so the text is unambiguous.
 */
export function displayPath(path: string | Uint8Array): string {
  const bytes = typeof path === 'string' ? Buffer.from(path, 'latin1') : path;
  let out = '';
  let i = 0;
  const hex = (b: number): string => `\\x${b.toString(16).padStart(2, '0')}`;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      out += b === 0x5c ? '\\\\' : b < 0x20 || b === 0x7f ? hex(b) : String.fromCharCode(b);
      i += 1;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k += 1) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      const text = Buffer.from(bytes.subarray(i, i + len)).toString('utf8');
      ok = !text.includes('\uFFFD');
      if (ok) {
        out += text;
        i += len;
        continue;
      }
    }
    out += hex(b);
    i += 1;
  }
  return out;
}
