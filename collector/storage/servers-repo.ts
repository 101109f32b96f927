import type { Heartbeat } from '../../shared/protocol/index.ts';
import type { SqlDb } from './sql.ts';

/** A server as stored. */
export interface ServerRow {
  readonly id: number;
  readonly uai: string;
  readonly machine: string;
  readonly name: string;
  readonly academie: string | null;
  readonly enrolledAtMs: number;
  readonly retiredAtMs: number | null;
  readonly lastSeenAtMs: number | null;
  readonly lastHeartbeatSentAtMs: number | null;
  readonly bootAtMs: number | null;
  /** The last heartbeat as received, or null before the first one. */
  readonly lastHeartbeat: Heartbeat | null;
}

interface RawRow {
  id: number;
  uai: string;
  machine: string;
  name: string;
  academie: string | null;
  enrolled_at_ms: number;
  retired_at_ms: number | null;
  last_seen_at_ms: number | null;
  last_heartbeat_sent_at_ms: number | null;
  last_heartbeat_json: string | null;
  boot_at_ms: number | null;
}

const COLUMNS =
  'id, uai, machine, name, academie, enrolled_at_ms, retired_at_ms, last_seen_at_ms, last_heartbeat_sent_at_ms, last_heartbeat_json, boot_at_ms';

function toRow(r: RawRow, lastHeartbeat: Heartbeat | null = parseHeartbeat(r.last_heartbeat_json)): ServerRow {
  return {
    id: r.id,
    uai: r.uai,
    machine: r.machine,
    name: r.name,
    academie: r.academie,
    enrolledAtMs: r.enrolled_at_ms,
    retiredAtMs: r.retired_at_ms,
    lastSeenAtMs: r.last_seen_at_ms,
    lastHeartbeatSentAtMs: r.last_heartbeat_sent_at_ms,
    bootAtMs: r.boot_at_ms,
    lastHeartbeat,
  };
}

const parseHeartbeat = (json: string | null): Heartbeat | null => (json === null ? null : (JSON.parse(json) as Heartbeat));

export interface NewServer {
  readonly uai: string;
  readonly machine: string;
  readonly name: string;
  readonly academie?: string | undefined;
  readonly tokenHash: string;
  readonly enrolledAtMs: number;
}

/** Servers, their tokens and their last heartbeat. */
export function createServersRepo(db: SqlDb) {
  const byTokenHash = db.prepare(
    `SELECT ${COLUMNS}, CASE WHEN previous_token_hash IS NULL THEN 0 ELSE 1 END AS has_previous FROM servers WHERE token_hash = ?`,
  );
  const byIdentity = db.prepare(`SELECT ${COLUMNS} FROM servers WHERE uai = ? AND machine = ?`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM servers WHERE id = ?`);
  const all = db.prepare(`SELECT ${COLUMNS}, last_heartbeat_id FROM servers ORDER BY uai, machine`);
  // list() runs on every /metrics scrape, and decoding 10,000
  // stored heartbeats each time was most of its cost: the decoded heartbeat of each server is kept with the id
  // of the message it came from, and decoded again only when that id changes. Rebuilt by each list(), the cache
  // holds only the servers of the latest list. Its heartbeats are shared between reads: callers never mutate them.
  let decoded = new Map<number, { messageId: string; heartbeat: Heartbeat }>();
  const insert = db.prepare(
    'INSERT INTO servers (uai, machine, name, academie, token_hash, enrolled_at_ms) VALUES (@uai, @machine, @name, @academie, @tokenHash, @enrolledAtMs) RETURNING id',
  );
  const rotate = db.prepare('UPDATE servers SET token_hash = ?, retired_at_ms = NULL WHERE id = ?');
  const retire = db.prepare('UPDATE servers SET retired_at_ms = ? WHERE id = ?');
  // Skipped for a resend of the last heartbeat or a late retry (ingest-heartbeat.ts): the duplicate check and
  // the write in one statement, one round trip on PostgreSQL.
  const heartbeat = db.prepare(
    `UPDATE servers SET last_seen_at_ms = @seenAtMs, last_heartbeat_id = @messageId,
       last_heartbeat_sent_at_ms = @sentAtMs, last_heartbeat_json = @json, boot_at_ms = @bootAtMs,
       academie = COALESCE(@academie, academie)
     WHERE id = @id AND (last_heartbeat_id IS NULL OR last_heartbeat_id <> @messageId)
       AND NOT (last_heartbeat_sent_at_ms IS NOT NULL AND @sentAtMs < last_heartbeat_sent_at_ms
                AND last_heartbeat_sent_at_ms - @sentAtMs <= @lateRetryWindowMs)`,
  );
  const markReceived = db.prepare(
    'INSERT INTO received_messages (message_id, server_id, kind, received_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const pruneReceived = db.prepare(
    "DELETE FROM received_messages WHERE (kind = 'report' AND received_at_ms < ?) OR (kind <> 'report' AND received_at_ms < ?)",
  );

  return {
    /** The server of a token and whether a rotated-out token is still in its grace delay (one read per push). */
    async findByTokenHash(hash: string): Promise<{ server: ServerRow; hasPreviousToken: boolean } | undefined> {
      const r = (await byTokenHash.get(hash)) as (RawRow & { has_previous: number }) | undefined;
      return r && { server: toRow(r), hasPreviousToken: r.has_previous === 1 };
    },
    async findByIdentity(uai: string, machine: string): Promise<ServerRow | undefined> {
      const r = (await byIdentity.get(uai, machine)) as RawRow | undefined;
      return r && toRow(r);
    },
    async findById(id: number): Promise<ServerRow | undefined> {
      const r = (await byId.get(id)) as RawRow | undefined;
      return r && toRow(r);
    },
    async list(): Promise<ServerRow[]> {
      const rows = (await all.all()) as (RawRow & { last_heartbeat_id: string | null })[];
      const next = new Map<number, { messageId: string; heartbeat: Heartbeat }>();
      const list = rows.map((r) => {
        if (r.last_heartbeat_json === null || r.last_heartbeat_id === null) return toRow(r, parseHeartbeat(r.last_heartbeat_json));
        const known = decoded.get(r.id);
        const entry = known?.messageId === r.last_heartbeat_id ? known : { messageId: r.last_heartbeat_id, heartbeat: JSON.parse(r.last_heartbeat_json) as Heartbeat };
        next.set(r.id, entry);
        return toRow(r, entry.heartbeat);
      });
      decoded = next;
      return list;
    },
    /** Enrols a server; returns its id. Throws on a duplicate (uai, machine). */
    async add(server: NewServer): Promise<number> {
      return ((await insert.get({ ...server, academie: server.academie ?? null })) as { id: number }).id;
    },
    /** Replaces a server's token (and un-retires it). */
    async rotateToken(id: number, tokenHash: string): Promise<void> {
      await rotate.run(tokenHash, id);
    },
    async retire(id: number, atMs: number): Promise<void> {
      await retire.run(atMs, id);
    },
    /**
     * Records a heartbeat as the server's latest unless it repeats the last one's id or is older than the last
     * one by at most `lateRetryWindowMs` (a late retry); false when it was such a duplicate (or no such server).
     */
    async recordHeartbeat(id: number, hb: Heartbeat, seenAtMs: number, lateRetryWindowMs: number): Promise<boolean> {
      const r = await heartbeat.run({
        id,
        seenAtMs,
        messageId: hb.messageId,
        sentAtMs: Date.parse(hb.sentAt),
        json: JSON.stringify(hb),
        bootAtMs: Date.parse(hb.bootTime),
        academie: hb.eole?.academy ?? null,
        lateRetryWindowMs,
      });
      return r.changes === 1;
    },
    /** Remembers a report/event id; false when it was already there (a resend). */
    async markReceived(messageId: string, serverId: number, kind: string, atMs: number): Promise<boolean> {
      return (await markReceived.run(messageId, serverId, kind, atMs)).changes === 1;
    },
    /** Forgets report ids received before `reportsBeforeMs` and other ids received before `othersBeforeMs`. */
    async pruneReceived(cutoffs: { readonly reportsBeforeMs: number; readonly othersBeforeMs: number }): Promise<number> {
      return (await pruneReceived.run(cutoffs.reportsBeforeMs, cutoffs.othersBeforeMs)).changes;
    },
  };
}
export type ServersRepo = ReturnType<typeof createServersRepo>;
