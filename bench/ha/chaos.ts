// The chaos of `npm run bench:ha`: every `everyMs`, one collector (each in turn) is killed with SIGKILL and
// started again on the same port. Measured from outside, in the shared PostgreSQL:
// - failover: from the kill to the moment a sweep of a surviving collector that started after the kill is seen
//   done (collector_instances.last_sweep_at_ms of the other instances, written after each sweep, polled every 50 ms);
// - takeover: from the kill to the sending of each delivery the dead collector had claimed (left `sending`),
//   which a survivor may only take once the claim's lease has run out.
import type { HaCollector } from '../../test/helpers/ha-cluster.ts';
import type { HaDb, InstanceFact } from '../../test/helpers/ha-db.ts';

export interface KillRecord {
  readonly victim: string;
  readonly atMs: number;
  /** Kill → first sweep of another instance; undefined when none was seen (or sweeps are not recorded). */
  failoverMs: number | undefined;
  /** Kill → the victim listening again. */
  restartMs: number | undefined;
  /** Deliveries left `sending` by the kill, and when each was finally sent. */
  readonly orphans: Map<number, number | undefined>;
}

export interface ChaosResult {
  readonly kills: readonly KillRecord[];
  /** Whether any collector_instances row was ever seen. */
  readonly instancesSeen: boolean;
  readonly restartFailures: readonly string[];
  /** Stops the observers (after the drain, so that orphaned deliveries get their sending time). */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Which collector an instance row belongs to: by the instance id we gave it, else by its start time. */
function ownerOf(row: InstanceFact, collectors: readonly HaCollector[], starts: ReadonlyMap<string, number[]>): string | undefined {
  const named = collectors.find((c) => row.instanceId.startsWith(`${c.name}-`));
  if (named !== undefined) return named.name;
  let best: { name: string; at: number } | undefined;
  for (const c of collectors) {
    for (const at of starts.get(c.name) ?? []) {
      if (at <= row.startedAtMs + 1_000 && (best === undefined || at > best.at)) best = { name: c.name, at };
    }
  }
  return best?.name;
}

export async function runChaos(opts: {
  readonly collectors: readonly HaCollector[];
  readonly db: HaDb;
  readonly durationMs: number;
  readonly everyMs: number;
  readonly log: (line: string) => void;
}): Promise<ChaosResult> {
  const { collectors, db } = opts;
  const starts = new Map<string, number[]>(collectors.map((c) => [c.name, [c.startedAtMs]]));
  const kills: KillRecord[] = [];
  const restartFailures: string[] = [];
  let instancesSeen = false;
  let observing = true;

  // Sweep observer: every 50 ms, the latest sweep of each instance.
  const observer = (async () => {
    while (observing) {
      try {
        const rows = await db.instances();
        if (rows.length > 0) instancesSeen = true;
        for (const k of kills) {
          if (k.failoverMs !== undefined) continue;
          const other = rows.filter((r) => ownerOf(r, collectors, starts) !== k.victim && r.lastSweepAtMs >= k.atMs);
          if (other.length > 0) k.failoverMs = Date.now() - k.atMs;
        }
      } catch {
        // the database answers again on the next poll
      }
      await sleep(50);
    }
  })();

  // Orphaned deliveries: sent when?
  const tracker = (async () => {
    while (observing) {
      const open = kills.flatMap((k) => [...k.orphans].filter(([, sent]) => sent === undefined).map(([id]) => id));
      if (open.length > 0) {
        try {
          for (const d of await db.deliveriesById(open)) {
            if (d.sentAtMs === null) continue;
            for (const k of kills) if (k.orphans.has(d.id) && k.orphans.get(d.id) === undefined) k.orphans.set(d.id, d.sentAtMs);
          }
        } catch {
          // next round
        }
      }
      await sleep(250);
    }
  })();

  const t0 = Date.now();
  const restarts: Promise<void>[] = [];
  for (let n = 1; t0 + n * opts.everyMs <= t0 + opts.durationMs; n += 1) {
    await sleep(Math.max(0, t0 + n * opts.everyMs - Date.now()));
    const victim = collectors[(n - 1) % collectors.length]!;
    if (victim.process === undefined) {
      opts.log(`kill ${n}: ${victim.name} is not running (still restarting), skipped`);
      continue;
    }
    // Never both down at once: the survivor-to-be must be up (a slow restart of the last victim delays the kill).
    const waitFrom = Date.now();
    while (collectors.some((c) => c !== victim && c.process === undefined) && Date.now() - waitFrom < 120_000) await sleep(100);
    if (Date.now() - waitFrom > 200) opts.log(`kill ${n}: delayed ${Date.now() - waitFrom} ms until the other collector was back`);
    const sendingBefore = new Set((await db.deliveries('sending').catch(() => [])).map((d) => d.id));
    const record: KillRecord = { victim: victim.name, atMs: Date.now(), failoverMs: undefined, restartMs: undefined, orphans: new Map() };
    await victim.kill();
    kills.push(record);
    // What was in flight at the kill and is still `sending` a second later was the victim's (a live collector
    // finishes a send within its 3 s timeout; a second is the common case).
    const atKill = new Set((await db.deliveries('sending').catch(() => [])).map((d) => d.id));
    restarts.push(
      (async () => {
        try {
          starts.get(victim.name)!.push(Date.now());
          await victim.start();
          record.restartMs = Date.now() - record.atMs;
        } catch (err) {
          restartFailures.push(`${victim.name}: ${(err as Error).message.split('\n')[0]}`);
        }
      })(),
    );
    await sleep(1_000);
    for (const d of await db.deliveries('sending').catch(() => [])) {
      if (atKill.has(d.id) || sendingBefore.has(d.id)) record.orphans.set(d.id, undefined);
    }
    opts.log(`kill ${n}: ${victim.name} at +${Math.round((record.atMs - t0) / 1000)} s, ${record.orphans.size} delivery(ies) left sending`);
  }
  await Promise.all(restarts);
  return {
    kills,
    get instancesSeen() {
      return instancesSeen;
    },
    restartFailures,
    async stop() {
      observing = false;
      await Promise.all([observer, tracker]);
    },
  };
}
