-- UPS (issue 13): episodes on battery, the cause detail of outages, and UPS notices in the same outbox.

-- One row per stretch of time a server ran on its UPS battery while still beating (at most one open).
CREATE TABLE ups_episodes (
  id                INTEGER PRIMARY KEY,
  server_id         INTEGER NOT NULL REFERENCES servers (id),
  ups_name          TEXT    NOT NULL,
  started_at_ms     INTEGER NOT NULL,
  ended_at_ms       INTEGER,
  charge_ratio      REAL,
  runtime_seconds   REAL,
  low_battery_at_ms INTEGER,
  notified_severity TEXT
);
CREATE UNIQUE INDEX ups_episodes_one_open ON ups_episodes (server_id) WHERE ended_at_ms IS NULL;

-- What is known beyond the cause: 'ups_exhausted' = silent while on battery (power_loss only).
ALTER TABLE outages ADD COLUMN cause_detail TEXT CHECK (cause_detail IN ('ups_exhausted'));

-- Notices are about an outage or a UPS episode: outage_id becomes nullable, ups_episode_id is added, and the
-- kinds 'ups_on_battery' / 'ups_on_mains' are allowed (SQLite's table rebuild; the runner checks the foreign keys).
CREATE TABLE notices_new (
  id               INTEGER PRIMARY KEY,
  server_id        INTEGER NOT NULL REFERENCES servers (id),
  outage_id        INTEGER REFERENCES outages (id),
  ups_episode_id   INTEGER REFERENCES ups_episodes (id),
  kind             TEXT    NOT NULL CHECK (kind IN ('down', 'reminder', 'up', 'ups_on_battery', 'ups_on_mains')),
  seq              INTEGER NOT NULL DEFAULT 0,
  severity         TEXT    NOT NULL,
  state            TEXT    NOT NULL,
  cause            TEXT    NOT NULL,
  window_name      TEXT,
  window_end_ms    INTEGER,
  window_time_zone TEXT,
  created_at_ms    INTEGER NOT NULL,
  fanned_out_at_ms INTEGER,
  CHECK ((outage_id IS NULL) <> (ups_episode_id IS NULL)),
  UNIQUE (outage_id, kind, seq),
  UNIQUE (ups_episode_id, kind, seq)
);
INSERT INTO notices_new (id, server_id, outage_id, kind, seq, severity, state, cause, window_name, window_end_ms,
                         window_time_zone, created_at_ms, fanned_out_at_ms)
  SELECT id, server_id, outage_id, kind, seq, severity, state, cause, window_name, window_end_ms,
         window_time_zone, created_at_ms, fanned_out_at_ms FROM notices;
DROP TABLE notices;
ALTER TABLE notices_new RENAME TO notices;
CREATE INDEX notices_unfanned ON notices (id) WHERE fanned_out_at_ms IS NULL;
CREATE INDEX notices_server_created ON notices (server_id, kind, created_at_ms);
