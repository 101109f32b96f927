-- Enrolled servers, their per-server token (hashed) and the last heartbeat they sent.
CREATE TABLE servers (
  id                    INTEGER PRIMARY KEY,
  uai                   TEXT    NOT NULL,
  machine               TEXT    NOT NULL,
  name                  TEXT    NOT NULL,
  academie              TEXT,
  token_hash            TEXT    NOT NULL UNIQUE,
  enrolled_at_ms        INTEGER NOT NULL,
  retired_at_ms         INTEGER,
  last_seen_at_ms       INTEGER,
  last_heartbeat_id     TEXT,
  last_heartbeat_sent_at_ms INTEGER,
  last_heartbeat_json   TEXT,
  boot_at_ms            INTEGER,
  UNIQUE (uai, machine)
);

-- Ids of reports and events already stored, so a resend is acknowledged as a duplicate.
CREATE TABLE received_messages (
  message_id     TEXT    PRIMARY KEY,
  server_id      INTEGER NOT NULL REFERENCES servers (id),
  kind           TEXT    NOT NULL,
  received_at_ms INTEGER NOT NULL
);
CREATE INDEX received_messages_received_at ON received_messages (received_at_ms);
