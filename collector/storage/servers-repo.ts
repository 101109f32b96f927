import type { Heartbeat } from '../../shared/protocol/index.ts';
import type { Db } from './database.ts';

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

function toRow(r: RawRow): ServerRow {
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
    lastHeartbeat: r.last_heartbeat_json === null ? null : (JSON.parse(r.last_heartbeat_json) as Heartbeat),
  };
}

export interface NewServer {
  readonly uai: string;
  readonly machine: string;
  readonly name: string;
  readonly academie?: string | undefined;
  readonly tokenHash: string;
  readonly enrolledAtMs: number;
}

/** Servers, their tokens and their last heartbeat. */
export function createServersRepo(db: Db) {
  const byTokenHash = db.prepare(`SELECT ${COLUMNS} FROM servers WHERE token_hash = ?`);
  const byIdentity = db.prepare(`SELECT ${COLUMNS} FROM servers WHERE uai = ? AND machine = ?`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM servers WHERE id = ?`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM servers ORDER BY uai, machine`);
  const cursor = db.prepare('SELECT last_heartbeat_id, last_heartbeat_sent_at_ms FROM servers WHERE id = ?');
  const insert = db.prepare(
    'INSERT INTO servers (uai, machine, name, academie, token_hash, enrolled_at_ms) VALUES (@uai, @machine, @name, @academie, @tokenHash, @enrolledAtMs)',
  );
  const rotate = db.prepare('UPDATE servers SET token_hash = ?, retired_at_ms = NULL WHERE id = ?');
  const retire = db.prepare('UPDATE servers SET retired_at_ms = ? WHERE id = ?');
  const heartbeat = db.prepare(
    `UPDATE servers SET last_seen_at_ms = @seenAtMs, last_heartbeat_id = @messageId,
       last_heartbeat_sent_at_ms = @sentAtMs, last_heartbeat_json = @json, boot_at_ms = @bootAtMs,
       academie = COALESCE(@academie, academie)
     WHERE id = @id`,
  );
  const markReceived = db.prepare(
    'INSERT OR IGNORE INTO received_messages (message_id, server_id, kind, received_at_ms) VALUES (?, ?, ?, ?)',
  );
  const pruneReceived = db.prepare(
    "DELETE FROM received_messages WHERE (kind = 'report' AND received_at_ms < ?) OR (kind <> 'report' AND received_at_ms < ?)",
  );

  return {
    findByTokenHash(hash: string): ServerRow | undefined {
      const r = byTokenHash.get(hash) as RawRow | undefined;
      return r && toRow(r);
    },
    findByIdentity(uai: string, machine: string): ServerRow | undefined {
      const r = byIdentity.get(uai, machine) as RawRow | undefined;
      return r && toRow(r);
    },
    findById(id: number): ServerRow | undefined {
      const r = byId.get(id) as RawRow | undefined;
      return r && toRow(r);
    },
    list(): ServerRow[] {
      return (all.all() as RawRow[]).map(toRow);
    },
    /** Enrols a server; returns its id. Throws on a duplicate (uai, machine). */
    add(server: NewServer): number {
      const info = insert.run({ ...server, academie: server.academie ?? null });
      return Number(info.lastInsertRowid);
    },
    /** Replaces a server's token (and un-retires it). */
    rotateToken(id: number, tokenHash: string): void {
      rotate.run(tokenHash, id);
    },
    retire(id: number, atMs: number): void {
      retire.run(atMs, id);
    },
    /** Id and send time of the last heartbeat, without decoding it (the ingest path's duplicate check). */
    lastHeartbeatCursor(id: number): { messageId: string | null; sentAtMs: number | null } | undefined {
      const r = cursor.get(id) as { last_heartbeat_id: string | null; last_heartbeat_sent_at_ms: number | null } | undefined;
      return r && { messageId: r.last_heartbeat_id, sentAtMs: r.last_heartbeat_sent_at_ms };
    },
    /** Records a heartbeat as the server's latest. */
    recordHeartbeat(id: number, hb: Heartbeat, seenAtMs: number): void {
      heartbeat.run({
        id,
        seenAtMs,
        messageId: hb.messageId,
        sentAtMs: Date.parse(hb.sentAt),
        json: JSON.stringify(hb),
        bootAtMs: Date.parse(hb.bootTime),
        academie: hb.eole?.academy ?? null,
      });
    },
    /** Remembers a report/event id; false when it was already there (a resend). */
    markReceived(messageId: string, serverId: number, kind: string, atMs: number): boolean {
      return markReceived.run(messageId, serverId, kind, atMs).changes === 1;
    },
    /** Forgets report ids received before `reportsBeforeMs` and other ids received before `othersBeforeMs`. */
    pruneReceived(cutoffs: { readonly reportsBeforeMs: number; readonly othersBeforeMs: number }): number {
      return pruneReceived.run(cutoffs.reportsBeforeMs, cutoffs.othersBeforeMs).changes;
    },
  };
}
export type ServersRepo = ReturnType<typeof createServersRepo>;
