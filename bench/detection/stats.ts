// Small statistics for bench figures: median, min, max, mean of a list of milliseconds.

export interface Summary {
  readonly trials: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly samplesMs: readonly number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function summarize(samplesMs: readonly number[]): Summary {
  return {
    trials: samplesMs.length,
    medianMs: Math.round(median(samplesMs)),
    minMs: Math.round(Math.min(...samplesMs)),
    maxMs: Math.round(Math.max(...samplesMs)),
    meanMs: Math.round(samplesMs.reduce((a, b) => a + b, 0) / samplesMs.length),
    samplesMs: samplesMs.map((v) => Math.round(v)),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
