-- Liveness (issue 3): each server's state and stored deadlines, the history of transitions, outages with their
-- cause, the notification outbox (notices, then one delivery per channel with its retry schedule), silences.

-- One row per server. late_at_ms / offline_at_ms are the stored deadlines the sweep reads (never timers).
CREATE TABLE liveness (
  server_id        INTEGER PRIMARY KEY REFERENCES servers (id),
  state            TEXT    NOT NULL CHECK (state IN ('online', 'late', 'offline', 'shutdown', 'unknown', 'retired')),
  state_since_ms   INTEGER NOT NULL,
  last_seen_ms     INTEGER,
  interval_seconds REAL,
  boot_time_ms     INTEGER,
  late_at_ms       INTEGER,
  offline_at_ms    INTEGER,
  version          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX liveness_late_at ON liveness (late_at_ms) WHERE late_at_ms IS NOT NULL;
CREATE INDEX liveness_offline_at ON liveness (offline_at_ms) WHERE offline_at_ms IS NOT NULL;

INSERT INTO liveness (server_id, state, state_since_ms)
  SELECT id, CASE WHEN retired_at_ms IS NULL THEN 'unknown' ELSE 'retired' END, enrolled_at_ms FROM servers;

CREATE TRIGGER servers_liveness AFTER INSERT ON servers
BEGIN
  INSERT INTO liveness (server_id, state, state_since_ms) VALUES (NEW.id, 'unknown', NEW.enrolled_at_ms);
END;

-- Outages: start (last sign of life), end, cause (provisional while still down), and the notice bookkeeping
-- the alert policy reads (next_notice_at_ms is the stored deadline for the next down notice / reminder).
CREATE TABLE outages (
  id                  INTEGER PRIMARY KEY,
  server_id           INTEGER NOT NULL REFERENCES servers (id),
  started_at_ms       INTEGER NOT NULL,
  ended_at_ms         INTEGER,
  cause               TEXT    NOT NULL CHECK (cause IN ('shutdown', 'power_loss', 'network', 'site')),
  provisional         INTEGER NOT NULL DEFAULT 0,
  rebooted            INTEGER,
  detected_at_ms      INTEGER NOT NULL,
  past                INTEGER NOT NULL DEFAULT 0,
  not_before_ms       INTEGER NOT NULL,
  next_notice_at_ms   INTEGER,
  down_notified_at_ms INTEGER,
  last_notice_at_ms   INTEGER,
  notified_severity   TEXT,
  announced_cause     TEXT,
  announced_window    TEXT
);
CREATE UNIQUE INDEX outages_one_open ON outages (server_id) WHERE ended_at_ms IS NULL;
CREATE INDEX outages_next_notice ON outages (next_notice_at_ms) WHERE next_notice_at_ms IS NOT NULL;
CREATE INDEX outages_server_started ON outages (server_id, started_at_ms);

-- The history: every change of state, written before anything is notified.
CREATE TABLE liveness_transitions (
  id         INTEGER PRIMARY KEY,
  server_id  INTEGER NOT NULL REFERENCES servers (id),
  from_state TEXT    NOT NULL,
  to_state   TEXT    NOT NULL,
  at_ms      INTEGER NOT NULL,
  reason     TEXT    NOT NULL,
  outage_id  INTEGER REFERENCES outages (id)
);
CREATE INDEX liveness_transitions_server ON liveness_transitions (server_id, at_ms);

-- Outbox, step 1: what must be said (one row per decision). fanned_out_at_ms is set once a delivery row per
-- channel exists. The unique key makes a duplicate down notice for one outage impossible.
CREATE TABLE notices (
  id               INTEGER PRIMARY KEY,
  server_id        INTEGER NOT NULL REFERENCES servers (id),
  outage_id        INTEGER NOT NULL REFERENCES outages (id),
  kind             TEXT    NOT NULL CHECK (kind IN ('down', 'reminder', 'up')),
  seq              INTEGER NOT NULL DEFAULT 0,
  severity         TEXT    NOT NULL,
  state            TEXT    NOT NULL,
  cause            TEXT    NOT NULL,
  window_name      TEXT,
  window_end_ms    INTEGER,
  window_time_zone TEXT,
  created_at_ms    INTEGER NOT NULL,
  fanned_out_at_ms INTEGER,
  UNIQUE (outage_id, kind, seq)
);
CREATE INDEX notices_unfanned ON notices (id) WHERE fanned_out_at_ms IS NULL;
CREATE INDEX notices_server_created ON notices (server_id, kind, created_at_ms);

-- Outbox, step 2: one delivery per notice and channel, retried with backoff (the schedule is in the row,
-- so it survives a restart). status: pending → sent | failed (permanent) | abandoned (too many attempts).
CREATE TABLE notice_deliveries (
  id                 INTEGER PRIMARY KEY,
  notice_id          INTEGER NOT NULL REFERENCES notices (id),
  channel            TEXT    NOT NULL,
  status             TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'abandoned')),
  attempts           INTEGER NOT NULL DEFAULT 0,
  retries            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER NOT NULL,
  lease_until_ms     INTEGER,
  last_error         TEXT,
  sent_at_ms         INTEGER,
  UNIQUE (notice_id, channel)
);
CREATE INDEX notice_deliveries_due ON notice_deliveries (next_attempt_at_ms) WHERE status IN ('pending', 'sending');

-- One-off silences, per server (machine set) or per school (machine null).
CREATE TABLE silences (
  id            INTEGER PRIMARY KEY,
  uai           TEXT    NOT NULL,
  machine       TEXT,
  starts_at_ms  INTEGER NOT NULL,
  ends_at_ms    INTEGER NOT NULL,
  reason        TEXT    NOT NULL,
  created_by    TEXT    NOT NULL,
  created_at_ms INTEGER NOT NULL,
  removed_at_ms INTEGER
);
CREATE INDEX silences_active ON silences (uai, ends_at_ms) WHERE removed_at_ms IS NULL;
