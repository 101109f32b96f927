-- Same as SQLite's 011-collector-instances.sql.
CREATE TABLE collector_instances (
  instance_id      TEXT COLLATE "C"   PRIMARY KEY,
  started_at_ms    BIGINT NOT NULL,
  last_sweep_at_ms BIGINT NOT NULL
);
