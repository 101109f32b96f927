-- Nightly scan reports (issue 4): the latest per server, one snapshot per server and Europe/Paris day,
-- and the ids of stored reports so a resend is acknowledged as a duplicate for as long as snapshots live.
-- Bodies are the report JSON, gzip-compressed. `order_at_ms` = min(finishedAt, received time): the key that
-- decides which report is newer (a skewed agent clock in the future cannot pin an old report as latest).

CREATE TABLE report_latest (
  server_id        INTEGER PRIMARY KEY REFERENCES servers (id),
  message_id       TEXT    NOT NULL,
  finished_at_ms   INTEGER NOT NULL,
  received_at_ms   INTEGER NOT NULL,
  order_at_ms      INTEGER NOT NULL,
  body_gz          BLOB    NOT NULL,
  -- Per-server Prometheus aggregates (collector/metrics/quota-aggregates.ts), so a scrape never parses bodies.
  aggregates_json  TEXT    NOT NULL
);

CREATE TABLE report_snapshots (
  server_id        INTEGER NOT NULL REFERENCES servers (id),
  day              TEXT    NOT NULL, -- YYYY-MM-DD, Europe/Paris day of order_at_ms
  message_id       TEXT    NOT NULL,
  finished_at_ms   INTEGER NOT NULL,
  received_at_ms   INTEGER NOT NULL,
  order_at_ms      INTEGER NOT NULL,
  body_gz          BLOB    NOT NULL,
  PRIMARY KEY (server_id, day)
);
CREATE INDEX report_snapshots_day ON report_snapshots (day);

CREATE TABLE report_messages (
  message_id       TEXT    PRIMARY KEY,
  server_id        INTEGER NOT NULL REFERENCES servers (id),
  received_at_ms   INTEGER NOT NULL
);
CREATE INDEX report_messages_received_at ON report_messages (received_at_ms);
