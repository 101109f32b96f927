// Half-open time intervals `[startMs, endMs)` in epoch milliseconds: clipping, union, overlap (pure).

export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** `interval` clipped to `[fromMs, toMs)`, or null when nothing of it is left. */
export function clip(interval: Interval, fromMs: number, toMs: number): Interval | null {
  const startMs = Math.max(interval.startMs, fromMs);
  const endMs = Math.min(interval.endMs, toMs);
  return endMs > startMs ? { startMs, endMs } : null;
}

/** The union of `intervals` as sorted, disjoint, non-empty intervals. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.startMs <= last.endMs) {
      out[out.length - 1] = { startMs: last.startMs, endMs: Math.max(last.endMs, i.endMs) };
    } else {
      out.push(i);
    }
  }
  return out;
}

/** Total length of disjoint intervals. */
export function totalMs(disjoint: readonly Interval[]): number {
  return disjoint.reduce((sum, i) => sum + (i.endMs - i.startMs), 0);
}

/** How much of `interval` lies inside the disjoint intervals `cover`. */
export function overlapMs(interval: Interval, cover: readonly Interval[]): number {
  let sum = 0;
  for (const c of cover) {
    if (c.startMs >= interval.endMs) break;
    const part = clip(c, interval.startMs, interval.endMs);
    if (part !== null) sum += part.endMs - part.startMs;
  }
  return sum;
}
