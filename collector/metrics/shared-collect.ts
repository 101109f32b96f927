/**
 * prom-client collects every metric of a registry concurrently (`Registry.metrics()` starts each metric's
 * `get()` at once and awaits them together). A concern whose gauges are all filled from one read of the
 * store gives each of them `collect: refresh`, where `refresh = sharedCollect(load)`: the gauges of one scrape
 * share one in-flight `load`, so each answers only once the read is done and every gauge is filled.
 * `load` should read everything first and then reset and set the gauges without awaiting in between, so a
 * scrape never sees half-filled gauges.
 * The same sharing serves one read used by several files (`listServers` in index.ts): `load` then returns it.
 */
export function sharedCollect<T = void>(load: () => Promise<T>): () => Promise<T> {
  let inflight: Promise<T> | null = null;
  return () => {
    inflight ??= load().finally(() => {
      inflight = null;
    });
    return inflight;
  };
}
