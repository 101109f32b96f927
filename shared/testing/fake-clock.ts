import type { Clock } from '../clock.ts';

/** A Clock that only moves when a test says so. */
export class FakeClock implements Clock {
  #nowMs: number;

  constructor(start: Date | string | number = '2025-07-10T08:00:00Z') {
    this.#nowMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  /** Jump to an absolute instant. */
  set(at: Date | string | number): void {
    this.#nowMs = new Date(at).getTime();
  }

  /** Move forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#nowMs += ms;
  }
}
