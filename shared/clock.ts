/**
 * The only source of "now" in Vigie. Every liveness, window and alert computation takes a Clock
 * (or a `now` argument read from one), so tests move time with {@link FakeClock} instead of sleeping.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The real wall clock. Nothing else in the code base reads the system time. */
export const systemClock: Clock = {
  now: () => new Date(),
};
