// What a webhook receiver got from a set of collectors, checked against what it should have got: every
// request is one message, identified by its idempotency key (`Idempotency-Key` header, else the body's
// `idempotencyKey`, else `X-Vigie-Notification-Id`); a message holds one notice, or several when grouped
// (`kind: "group"`, `notices: [...]`). A receiver de-duplicates by that key; what remains must be exactly one
// notice per (outage, kind).
import type { ReceivedRequest } from './webhook-receiver.ts';

export interface LedgerNotice {
  /** The message's idempotency key. */
  readonly key: string;
  /** The notice's own id (`id` of the single payload or of the group's item). */
  readonly noticeId: string;
  readonly alertKey: string;
  readonly kind: string;
  readonly receivedAtMs: number;
}

interface Payload {
  readonly id?: string;
  readonly idempotencyKey?: string;
  readonly alertKey?: string;
  readonly kind?: string;
  readonly notices?: readonly Payload[];
}

const header = (req: ReceivedRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The idempotency key of a request, and where it came from. */
export function messageKey(req: ReceivedRequest): { key: string; source: 'idempotency-key' | 'body' | 'notification-id' | 'none' } {
  const h = header(req, 'idempotency-key');
  if (h !== undefined && h !== '') return { key: h, source: 'idempotency-key' };
  let body: Payload | undefined;
  try {
    body = req.json() as Payload;
  } catch {
    body = undefined;
  }
  if (typeof body?.idempotencyKey === 'string' && body.idempotencyKey !== '') return { key: body.idempotencyKey, source: 'body' };
  const id = header(req, 'x-vigie-notification-id');
  if (id !== undefined && id !== '') return { key: id, source: 'notification-id' };
  return { key: `raw:${req.rawBody.toString('base64').slice(0, 64)}`, source: 'none' };
}

/** Every notice of every request, in arrival order (duplicates included). */
export function ledgerNotices(requests: readonly ReceivedRequest[]): LedgerNotice[] {
  const out: LedgerNotice[] = [];
  for (const req of requests) {
    const { key } = messageKey(req);
    let body: Payload;
    try {
      body = req.json() as Payload;
    } catch {
      continue;
    }
    const items = body.kind === 'group' ? (body.notices ?? []) : [body];
    for (const n of items) {
      out.push({ key, noticeId: String(n.id ?? ''), alertKey: String(n.alertKey ?? ''), kind: String(n.kind ?? ''), receivedAtMs: req.receivedAtMs });
    }
  }
  return out;
}

export interface ExpectedNotice {
  readonly alertKey: string;
  readonly kind: 'down' | 'up';
}

export interface LedgerSummary {
  readonly requests: number;
  /** Distinct idempotency keys. */
  readonly uniqueMessages: number;
  /** Requests beyond the first of their key (what the receiver's de-duplication drops). */
  readonly duplicatesBeforeDedup: number;
  /** How the keys were found (header, body, notification id). */
  readonly keySources: Readonly<Record<string, number>>;
  readonly expected: number;
  /** Expected (outage, kind) pairs received at least once. */
  readonly delivered: number;
  readonly lost: number;
  /** Extra notices of one (outage, kind) under another key: what de-duplication cannot catch. */
  readonly duplicates: number;
  /** Down/up notices received for no expected outage. */
  readonly unexpected: number;
  readonly missing: readonly string[];
  readonly duplicated: readonly string[];
  /** First arrival per `alertKey kind`. */
  readonly firstArrival: ReadonlyMap<string, number>;
}

/** Compares the receiver's requests with the notices expected (down and up per outage). */
export function summarizeLedger(requests: readonly ReceivedRequest[], expected: readonly ExpectedNotice[]): LedgerSummary {
  const keySources: Record<string, number> = {};
  const keys = new Set<string>();
  for (const req of requests) {
    const { key, source } = messageKey(req);
    keys.add(key);
    keySources[source] = (keySources[source] ?? 0) + 1;
  }
  // After de-duplication by key: a pair counts each distinct (key, notice) once.
  const perPair = new Map<string, Set<string>>();
  const firstArrival = new Map<string, number>();
  for (const n of ledgerNotices(requests)) {
    if (n.kind !== 'down' && n.kind !== 'up') continue;
    const pair = `${n.alertKey} ${n.kind}`;
    const keyOfNotice = `${n.key}#${n.noticeId}`;
    const set = perPair.get(pair) ?? new Set<string>();
    set.add(keyOfNotice);
    perPair.set(pair, set);
    if (!firstArrival.has(pair)) firstArrival.set(pair, n.receivedAtMs);
  }
  const expectedPairs = new Set(expected.map((e) => `${e.alertKey} ${e.kind}`));
  const missing = [...expectedPairs].filter((p) => !perPair.has(p));
  const duplicated = [...perPair].filter(([, s]) => s.size > 1).map(([p, s]) => `${p} ×${s.size}`);
  const duplicates = [...perPair.values()].reduce((acc, s) => acc + s.size - 1, 0);
  const unexpected = [...perPair.keys()].filter((p) => !expectedPairs.has(p)).length;
  return {
    requests: requests.length,
    uniqueMessages: keys.size,
    duplicatesBeforeDedup: requests.length - keys.size,
    keySources,
    expected: expectedPairs.size,
    delivered: expectedPairs.size - missing.length,
    lost: missing.length,
    duplicates,
    unexpected,
    missing,
    duplicated,
    firstArrival,
  };
}
