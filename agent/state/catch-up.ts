// Catch-up scan: a server that was off when its nightly scan was due scans soon after it starts again, when
// its last successful scan is older than 24 h (or unknown), at a random delay so a fleet does not scan at once.

/** A scan older than this is stale. */
export const CATCH_UP_AFTER_MS = 24 * 3600 * 1000;

/** The delay before a catch-up scan, or undefined when the last scan is recent enough (pure). */
export function catchUpDelayMs(args: {
  readonly lastSuccessfulScanAt: string | undefined;
  readonly now: Date;
  readonly maxDelaySeconds: number;
  /** Uniform in [0, 1). */
  readonly random: number;
}): number | undefined {
  const last = args.lastSuccessfulScanAt === undefined ? Number.NaN : Date.parse(args.lastSuccessfulScanAt);
  if (Number.isFinite(last) && args.now.getTime() - last < CATCH_UP_AFTER_MS) return undefined;
  return Math.floor(args.random * args.maxDelaySeconds * 1000);
}

export interface CatchUpDeps {
  /** Decided delay (see {@link catchUpDelayMs}); undefined: nothing to do. */
  readonly delayMs: number | undefined;
  readonly run: () => Promise<void>;
}

/** Arms the catch-up timer; `cancel` (agent stopping) disarms it. */
export function scheduleCatchUp(deps: CatchUpDeps): { cancel(): void } {
  if (deps.delayMs === undefined) return { cancel: () => undefined };
  const timer = setTimeout(() => void deps.run(), deps.delayMs);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
}
