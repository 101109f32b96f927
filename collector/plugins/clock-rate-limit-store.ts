/**
 * A store for `@fastify/rate-limit` that reads time from the injected Clock (the plugin's own store reads the
 * system time), so tests move time instead of sleeping. Fixed windows per key (the source address); expired
 * entries are dropped as new requests come, and at most `maxKeys` addresses are remembered.
 */
import type { Clock } from '../../shared/clock.ts';

interface Entry {
  count: number;
  startMs: number;
}

type Callback = (err: Error | null, res: { current: number; ttl: number }) => void;

export function clockRateLimitStore(clock: Clock, maxKeys = 10_000) {
  return class ClockRateLimitStore {
    readonly #entries = new Map<string, Entry>();

    incr(key: string, cb: Callback, timeWindow: number): void {
      const nowMs = clock.now().getTime();
      let entry = this.#entries.get(key);
      if (entry === undefined || entry.startMs + timeWindow <= nowMs) {
        this.#prune(nowMs, timeWindow);
        entry = { count: 0, startMs: nowMs };
        this.#entries.set(key, entry);
      }
      entry.count += 1;
      cb(null, { current: entry.count, ttl: entry.startMs + timeWindow - nowMs });
    }

    read(key: string, cb: Callback, timeWindow: number): void {
      const nowMs = clock.now().getTime();
      const entry = this.#entries.get(key);
      if (entry === undefined || entry.startMs + timeWindow <= nowMs) cb(null, { current: 0, ttl: 0 });
      else cb(null, { current: entry.count, ttl: entry.startMs + timeWindow - nowMs });
    }

    child(): ClockRateLimitStore {
      return new ClockRateLimitStore();
    }

    #prune(nowMs: number, timeWindow: number): void {
      for (const [key, e] of this.#entries) if (e.startMs + timeWindow <= nowMs) this.#entries.delete(key);
      while (this.#entries.size >= maxKeys) {
        const oldest = this.#entries.keys().next().value;
        if (oldest === undefined) break;
        this.#entries.delete(oldest);
      }
    }
  };
}
