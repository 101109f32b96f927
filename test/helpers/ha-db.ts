// Read-only look into the PostgreSQL database a set of collectors shares (plain SQL over `pg`, independent of
// the collectors' store): the outages, the outbox backlog, the deliveries in flight and the instances' sweeps.
import pg from 'pg';

export interface OutageFact {
  readonly id: number;
  readonly uai: string;
  readonly machine: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number | null;
  readonly detectedAtMs: number;
  readonly downNotifiedAtMs: number | null;
  readonly cause: string;
  /** Recorded after the fact (a reboot seen without the server ever judged offline): never notified, by design. */
  readonly past: boolean;
}

/** The key a notice of this outage carries (`alertKey` of the webhook payload). */
export function alertKeyOf(o: Pick<OutageFact, 'uai' | 'machine' | 'startedAtMs'>): string {
  return `${o.uai}/${o.machine}/${o.startedAtMs}`;
}

export interface InstanceFact {
  readonly instanceId: string;
  readonly startedAtMs: number;
  readonly lastSweepAtMs: number;
}

export interface OutboxBacklog {
  /** Notices not yet fanned out into deliveries. */
  readonly unfanned: number;
  readonly pending: number;
  readonly sending: number;
  readonly failed: number;
  readonly sent: number;
}

export interface DeliveryFact {
  readonly id: number;
  readonly noticeId: number;
  readonly channel: string;
  readonly status: string;
  readonly attempts: number;
  readonly sentAtMs: number | null;
}

export interface HaDb {
  outages(): Promise<OutageFact[]>;
  /** `uai/machine` → liveness state. */
  states(): Promise<Map<string, string>>;
  /**
   * `uai/machine` of the servers online with a known heartbeat interval (a server seen only through its startup
   * event has no deadline yet: silent from then on, it would never be judged offline).
   */
  heartbeating(): Promise<Set<string>>;
  backlog(): Promise<OutboxBacklog>;
  /** Notices per (outage, kind): more than one would be a duplicate decided by two collectors. */
  noticeCounts(): Promise<{ outageId: number; kind: string; count: number }[]>;
  deliveries(status?: string): Promise<DeliveryFact[]>;
  deliveriesById(ids: readonly number[]): Promise<DeliveryFact[]>;
  /** The rows of collector_instances; [] while the table is missing. */
  instances(): Promise<InstanceFact[]>;
  close(): Promise<void>;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function openHaDb(url: string): HaDb {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', () => {}); // a server going away is seen on the next query
  const toDelivery = (r: Record<string, unknown>): DeliveryFact => ({
    id: num(r.id),
    noticeId: num(r.notice_id),
    channel: String(r.channel),
    status: String(r.status),
    attempts: num(r.attempts),
    sentAtMs: numOrNull(r.sent_at_ms),
  });
  return {
    async outages() {
      const { rows } = await pool.query(
        `SELECT o.id, s.uai, s.machine, o.started_at_ms, o.ended_at_ms, o.detected_at_ms, o.down_notified_at_ms, o.cause, o.past
           FROM outages o JOIN servers s ON s.id = o.server_id ORDER BY o.id`,
      );
      return rows.map((r: Record<string, unknown>) => ({
        id: num(r.id),
        uai: String(r.uai),
        machine: String(r.machine),
        startedAtMs: num(r.started_at_ms),
        endedAtMs: numOrNull(r.ended_at_ms),
        detectedAtMs: num(r.detected_at_ms),
        downNotifiedAtMs: numOrNull(r.down_notified_at_ms),
        cause: String(r.cause),
        past: Number(r.past) === 1,
      }));
    },
    async states() {
      const { rows } = await pool.query('SELECT s.uai, s.machine, l.state FROM liveness l JOIN servers s ON s.id = l.server_id');
      return new Map(rows.map((r: Record<string, unknown>) => [`${String(r.uai)}/${String(r.machine)}`, String(r.state)]));
    },
    async heartbeating() {
      const { rows } = await pool.query(
        "SELECT s.uai, s.machine FROM liveness l JOIN servers s ON s.id = l.server_id WHERE l.state = 'online' AND l.interval_seconds IS NOT NULL",
      );
      return new Set(rows.map((r: Record<string, unknown>) => `${String(r.uai)}/${String(r.machine)}`));
    },
    async backlog() {
      const unfanned = await pool.query('SELECT COUNT(*) AS n FROM notices WHERE fanned_out_at_ms IS NULL');
      const by = await pool.query('SELECT status, COUNT(*) AS n FROM notice_deliveries GROUP BY status');
      const count = (s: string) => num((by.rows as { status: string; n: string }[]).find((r) => r.status === s)?.n ?? 0);
      return { unfanned: num(unfanned.rows[0].n), pending: count('pending'), sending: count('sending'), failed: count('failed') + count('abandoned'), sent: count('sent') };
    },
    async noticeCounts() {
      const { rows } = await pool.query('SELECT outage_id, kind, COUNT(*) AS n FROM notices WHERE outage_id IS NOT NULL GROUP BY outage_id, kind');
      return rows.map((r: Record<string, unknown>) => ({ outageId: num(r.outage_id), kind: String(r.kind), count: num(r.n) }));
    },
    async deliveries(status) {
      const { rows } = await pool.query(
        `SELECT id, notice_id, channel, status, attempts, sent_at_ms FROM notice_deliveries ${status === undefined ? '' : 'WHERE status = $1'} ORDER BY id`,
        status === undefined ? [] : [status],
      );
      return rows.map(toDelivery);
    },
    async deliveriesById(ids) {
      if (ids.length === 0) return [];
      const { rows } = await pool.query('SELECT id, notice_id, channel, status, attempts, sent_at_ms FROM notice_deliveries WHERE id = ANY($1::bigint[])', [ids]);
      return rows.map(toDelivery);
    },
    async instances() {
      try {
        const { rows } = await pool.query('SELECT instance_id, started_at_ms, last_sweep_at_ms FROM collector_instances ORDER BY instance_id');
        return rows.map((r: Record<string, unknown>) => ({ instanceId: String(r.instance_id), startedAtMs: num(r.started_at_ms), lastSweepAtMs: num(r.last_sweep_at_ms) }));
      } catch (err) {
        if ((err as { code?: string }).code === '42P01') return []; // undefined_table: not migrated yet
        throw err;
      }
    },
    async close() {
      await pool.end();
    },
  };
}
