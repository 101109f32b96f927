// The spool's decisions, without I/O: file names, sending order, and what to evict when a new message would
// exceed the bounds. The directory code (spool-files.ts) and the queue (spool.ts) only carry them out.

/** Messages that queue on disk; heartbeats never do (a stale heartbeat is worthless, the next one replaces it). */
export type SpoolKind = 'event' | 'report';

/** One message in the spool, as its file name and size describe it. */
export interface SpoolEntry {
  /** Increasing sequence number: the sending order. */
  readonly seq: number;
  readonly kind: SpoolKind;
  readonly messageId: string;
  /** Size of the file (the JSON body), in bytes. */
  readonly bytes: number;
}

export interface SpoolBounds {
  readonly maxBytes: number;
  readonly maxMessages: number;
}

const SEQ_DIGITS = 12;
const NAME_RE = /^([0-9]{1,16})-(event|report)-([0-9A-Za-z-]{1,64})\.json$/;

/** `<seq>-<kind>-<messageId>.json`, the sequence zero-padded so `ls` lists the spool in sending order. */
export function spoolFileName(entry: Pick<SpoolEntry, 'seq' | 'kind' | 'messageId'>): string {
  return `${String(entry.seq).padStart(SEQ_DIGITS, '0')}-${entry.kind}-${entry.messageId}.json`;
}

/** The entry a file name describes, or undefined when the name is not a spool file's. */
export function parseSpoolFileName(name: string, bytes: number): SpoolEntry | undefined {
  const m = NAME_RE.exec(name);
  if (!m) return undefined;
  return { seq: Number(m[1]), kind: m[2] as SpoolKind, messageId: m[3]!, bytes };
}

/** Oldest first (lowest sequence number). */
export function sendingOrder(entries: readonly SpoolEntry[]): SpoolEntry[] {
  return [...entries].sort((a, b) => a.seq - b.seq);
}

/** The sequence number of the next message: one past the highest in use (1 for an empty spool). */
export function nextSeq(entries: readonly SpoolEntry[]): number {
  return entries.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
}

/** What to do to admit a new message of `bytes` bytes. */
export interface Admission {
  /** False when the message alone is larger than `maxBytes`: it is dropped, nothing else is. */
  readonly admit: boolean;
  /** Entries to remove first, oldest report first, then (only if reports are not enough) oldest event. */
  readonly evict: readonly SpoolEntry[];
}

/**
 * Makes room for a new message within both bounds. Reports go first (the newest report supersedes older
 * figures), oldest first; events only when no report is left, since they explain outages.
 */
export function planAdmission(entries: readonly SpoolEntry[], incoming: { readonly bytes: number }, bounds: SpoolBounds): Admission {
  if (incoming.bytes > bounds.maxBytes) return { admit: false, evict: [] };
  const ordered = sendingOrder(entries);
  const candidates = [...ordered.filter((e) => e.kind === 'report'), ...ordered.filter((e) => e.kind === 'event')];
  let count = entries.length + 1;
  let bytes = entries.reduce((sum, e) => sum + e.bytes, 0) + incoming.bytes;
  const evict: SpoolEntry[] = [];
  for (const e of candidates) {
    if (count <= bounds.maxMessages && bytes <= bounds.maxBytes) break;
    evict.push(e);
    count -= 1;
    bytes -= e.bytes;
  }
  return { admit: true, evict };
}
