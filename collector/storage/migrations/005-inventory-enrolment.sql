-- The académie's school list (inventory): what is expected to be watched. A school missing from a later import
-- is closed (closed_at_ms), never deleted.
CREATE TABLE schools (
  uai                  TEXT    PRIMARY KEY,
  name                 TEXT    NOT NULL,
  commune              TEXT,
  type                 TEXT,
  academie             TEXT,
  email                TEXT,
  departement          TEXT    NOT NULL,
  first_imported_at_ms INTEGER NOT NULL,
  updated_at_ms        INTEGER NOT NULL,
  closed_at_ms         INTEGER
);

-- Enrolment keys (bootstrap secrets an agent trades for its own token); only the SHA-256 of the key is kept.
CREATE TABLE enrolment_keys (
  id            INTEGER PRIMARY KEY,
  key_hash      TEXT    NOT NULL UNIQUE,
  academie      TEXT,
  uai_prefix    TEXT,
  expires_at_ms INTEGER NOT NULL,
  max_uses      INTEGER,
  uses          INTEGER NOT NULL DEFAULT 0,
  auto_approve  INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL,
  created_by    TEXT    NOT NULL,
  revoked_at_ms INTEGER
);

-- Enrolments waiting for an administrator: a new server whose school is not in the inventory ('new', with the
-- hash of the token already given to the agent), or an identity already enrolled asking again ('reenrol').
CREATE TABLE pending_enrolments (
  id              INTEGER PRIMARY KEY,
  kind            TEXT    NOT NULL CHECK (kind IN ('new', 'reenrol')),
  uai             TEXT    NOT NULL,
  machine         TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  academie        TEXT,
  key_id          INTEGER REFERENCES enrolment_keys (id),
  token_hash      TEXT    UNIQUE,
  source          TEXT,
  requested_at_ms INTEGER NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_at_ms   INTEGER,
  decided_by      TEXT
);
CREATE INDEX pending_enrolments_identity ON pending_enrolments (uai, machine);

-- Named admin and reader tokens (the configured adminToken still works, as the actor 'config').
CREATE TABLE admin_tokens (
  id              INTEGER PRIMARY KEY,
  label           TEXT    NOT NULL UNIQUE,
  role            TEXT    NOT NULL CHECK (role IN ('admin', 'reader')),
  token_hash      TEXT    NOT NULL UNIQUE,
  created_at_ms   INTEGER NOT NULL,
  created_by      TEXT    NOT NULL,
  revoked_at_ms   INTEGER,
  last_used_at_ms INTEGER
);

-- Who did what and when: enrolments, approvals, rotations, revocations, imports, keys and tokens.
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at_ms        INTEGER NOT NULL,
  actor        TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  target       TEXT,
  details_json TEXT
);
CREATE INDEX audit_log_at ON audit_log (at_ms);

-- Token rotation with a grace delay, and an administrator's permission to enrol an identity again.
ALTER TABLE servers ADD COLUMN previous_token_hash TEXT;
ALTER TABLE servers ADD COLUMN previous_token_expires_at_ms INTEGER;
ALTER TABLE servers ADD COLUMN reenrol_allowed_until_ms INTEGER;
CREATE INDEX servers_previous_token ON servers (previous_token_hash);
