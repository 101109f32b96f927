import type { Clock } from '../../shared/clock.ts';

/**
 * A Clock that runs `scale` times faster than `base` from `startAt` on (1 real second = `scale` simulated
 * seconds): the demo's collector and simulated fleet share it, so a maintenance window of several days passes
 * in minutes while every duration the collector computes stays consistent.
 */
export class ScaledClock implements Clock {
  readonly #base: Clock;
  readonly #baseStartMs: number;
  readonly #startMs: number;
  readonly scale: number;

  constructor(opts: { base: Clock; startAt: Date; scale: number }) {
    if (!(opts.scale > 0)) throw new RangeError(`scale must be positive (actual: ${opts.scale})`);
    this.#base = opts.base;
    this.#baseStartMs = opts.base.now().getTime();
    this.#startMs = opts.startAt.getTime();
    this.scale = opts.scale;
  }

  now(): Date {
    return new Date(this.#startMs + (this.#base.now().getTime() - this.#baseStartMs) * this.scale);
  }

  /** Real milliseconds until the simulated instant `atMs` (0 if past). */
  realDelayUntil(atMs: number): number {
    return Math.max(0, (atMs - this.now().getTime()) / this.scale);
  }
}
