// The agent's outbox for events and reports: every message is written to disk (fsync'd) before it is sent,
// and leaves the disk only when the collector acknowledged it (2xx) or refused it for good (its own 4xx other
// than 408/429, moved to rejected/; a proxy's 401/403 is retried, sender.ts). After a restart the spool is sent
// again, oldest first. Bounded in bytes and count (spool-policy.ts decides what goes); what was dropped is
// counted for the next heartbeat.
import type { Logger } from 'pino';
import type { Sender } from '../delivery/sender.ts';
import type { SpoolDir } from './spool-dir.ts';
import { nextSeq, parseSpoolFileName, planAdmission, sendingOrder, spoolFileName, type SpoolBounds, type SpoolEntry, type SpoolKind } from './spool-policy.ts';

export interface SpoolStats {
  /** Messages waiting to be sent. */
  readonly pending: number;
  /** Messages dropped since the agent started (bounds exceeded). */
  readonly droppedTotal: number;
}

/** Why a flush stopped: nothing left to send, or the collector could not be reached (try again later). */
export type FlushResult = 'empty' | 'blocked';

export interface Spool {
  /** Loads what a previous run left; a file with a foreign name is moved to corrupt/. Never throws. */
  open(): Promise<void>;
  /** Stores a message (durably, unless the disk fails: then in memory, logged). Never throws. */
  put(kind: SpoolKind, body: { readonly messageId: string }): Promise<void>;
  /** Sends pending messages oldest first (only `kinds` if given) until none is left or the collector is unreachable. */
  flush(opts?: { readonly kinds?: readonly SpoolKind[] }): Promise<FlushResult>;
  stats(): SpoolStats;
}

export interface SpoolDeps {
  readonly dir: SpoolDir;
  readonly sender: Sender;
  readonly bounds: SpoolBounds;
  readonly logger: Logger;
}

interface Slot {
  readonly entry: SpoolEntry;
  readonly name: string;
  /** The body while it is not (yet, or ever: disk failing) on disk. */
  memory: string | undefined;
}

export function createSpool(deps: SpoolDeps): Spool {
  const log = deps.logger.child({ component: 'spool' });
  const dirPath = deps.dir.path;
  /** By file name: `vigie-agent scan` may add a file with a sequence number this process also uses. */
  const slots = new Map<string, Slot>();
  const entries = () => [...slots.values()].map((s) => s.entry);
  let droppedTotal = 0;
  let lastSeq = 0;
  let diskOk = true;
  let flushing: Promise<FlushResult> = Promise.resolve('empty');

  function oldest(kinds: readonly SpoolKind[]): Slot | undefined {
    const bySeq = new Map([...slots.values()].map((s) => [s.entry, s]));
    const first = sendingOrder([...bySeq.keys()].filter((e) => kinds.includes(e.kind)))[0];
    return first === undefined ? undefined : bySeq.get(first);
  }

  async function quietly(what: string, name: string, op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (err) {
      log.error({ err, file: name, dir: dirPath }, `spool: could not ${what}`);
    }
  }

  /** Adds files this process does not know yet; a foreign name goes to corrupt/. */
  async function adopt(files: readonly { name: string; bytes: number }[]): Promise<void> {
    for (const f of files) {
      if (slots.has(f.name)) continue;
      const entry = parseSpoolFileName(f.name, f.bytes);
      if (entry === undefined) {
        log.error({ file: f.name, dir: dirPath }, 'unexpected file in the spool, moved aside to corrupt/');
        await quietly('move a file aside', f.name, () => deps.dir.moveAside(f.name, 'corrupt'));
      } else {
        slots.set(f.name, { entry, name: f.name, memory: undefined });
        lastSeq = Math.max(lastSeq, entry.seq);
      }
    }
  }

  /** The body, or 'gone' (sent by another process), or 'corrupt'. */
  async function readBody(slot: Slot): Promise<{ messageId: string } | 'gone' | 'corrupt'> {
    let text = slot.memory;
    try {
      text ??= await deps.dir.read(slot.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      log.error({ err, file: slot.name }, 'spool file unreadable');
      return 'corrupt';
    }
    try {
      const body: unknown = JSON.parse(text);
      const id = typeof body === 'object' && body !== null ? (body as { messageId?: unknown }).messageId : undefined;
      return id === slot.entry.messageId ? (body as { messageId: string }) : 'corrupt';
    } catch {
      return 'corrupt';
    }
  }

  async function flushOnce(kinds: readonly SpoolKind[]): Promise<FlushResult> {
    if (diskOk) await adopt(await deps.dir.list().catch(() => []));
    for (;;) {
      const slot = oldest(kinds);
      if (slot === undefined) return 'empty';
      const { kind, messageId } = slot.entry;
      const body = await readBody(slot);
      if (body === 'gone' || body === 'corrupt') {
        slots.delete(slot.name);
        if (body === 'corrupt') {
          log.error({ file: slot.name, dir: dirPath }, 'corrupt spool file (not the JSON message its name says), moved aside to corrupt/');
          await quietly('move a corrupt file aside', slot.name, () => deps.dir.moveAside(slot.name, 'corrupt'));
        }
        continue;
      }
      const res = await deps.sender.send(kind, body).catch((err: unknown) => ({ status: 'retryable' as const, error: String(err) }));
      if (res.status === 'retryable') {
        log.warn({ kind, messageId, pending: slots.size, error: res.error }, 'collector unreachable, the spool keeps its messages for a later try');
        return 'blocked';
      }
      slots.delete(slot.name);
      if (res.status === 'sent') {
        log.info({ kind, messageId, outcome: res.outcome }, `${kind} delivered`);
        if (slot.memory === undefined) await quietly('remove a delivered message', slot.name, () => deps.dir.remove(slot.name));
      } else {
        log.error(
          { kind, messageId, httpStatus: res.httpStatus, code: res.code, message: res.message, file: slot.name },
          `${kind} rejected by the collector, moved aside to rejected/`,
        );
        if (slot.memory === undefined) await quietly('move a rejected message aside', slot.name, () => deps.dir.moveAside(slot.name, 'rejected'));
      }
    }
  }

  return {
    async open() {
      try {
        await adopt(await deps.dir.open());
      } catch (err) {
        diskOk = false;
        log.error({ err, dir: dirPath }, 'spool directory unusable: events and reports are kept in memory only');
        return;
      }
      if (slots.size > 0) log.info({ pending: slots.size, dir: dirPath }, 'spool holds messages from a previous run');
    },
    async put(kind, body) {
      const text = JSON.stringify(body);
      const bytes = Buffer.byteLength(text);
      const byEntry = new Map([...slots.values()].map((s) => [s.entry, s]));
      const plan = planAdmission([...byEntry.keys()], { bytes }, deps.bounds);
      if (!plan.admit) {
        droppedTotal += 1;
        log.error({ kind, messageId: body.messageId, bytes, maxBytes: deps.bounds.maxBytes, droppedTotal }, `${kind} larger than spool.maxBytes, dropped`);
        return;
      }
      for (const e of plan.evict) {
        const name = byEntry.get(e)!.name;
        slots.delete(name);
        droppedTotal += 1;
        log.warn({ kind: e.kind, messageId: e.messageId, bytes: e.bytes, droppedTotal }, `spool full: dropped the oldest ${e.kind}`);
        if (diskOk) await quietly('remove a dropped message', name, () => deps.dir.remove(name));
      }
      lastSeq = Math.max(lastSeq + 1, nextSeq(entries()));
      const entry: SpoolEntry = { seq: lastSeq, kind, messageId: body.messageId, bytes };
      const slot: Slot = { entry, name: spoolFileName(entry), memory: text };
      slots.set(slot.name, slot);
      if (!diskOk) return;
      try {
        await deps.dir.write(slot.name, text);
        slot.memory = undefined;
      } catch (err) {
        log.error({ err, kind, messageId: body.messageId, dir: dirPath }, 'could not write to the spool (disk full?), message kept in memory');
      }
    },
    flush(opts = {}) {
      const kinds = opts.kinds ?? ['event', 'report'];
      const run = () =>
        flushOnce(kinds).catch((err: unknown) => {
          log.error({ err }, 'spool flush failed');
          return 'blocked' as const;
        });
      // One flush at a time; one asked for while another runs goes after it.
      flushing = flushing.then(run, run);
      return flushing;
    },
    stats: () => ({ pending: slots.size, droppedTotal }),
  };
}
