-- Grouped notices (docs/NOTIFICATIONS.md « Grouped notices »): on the channels that group (e-mail, webhook),
-- deliveries wait for the grouping delay (their next_attempt_at_ms), then every pending delivery of one kind on
-- that channel is claimed into one batch, in one transaction, and sent as one message. The batch carries the
-- retry schedule and the lease; its deliveries stay 'sending' until the batch is sent, fails or is abandoned,
-- and are marked with it in the same transaction. Batches also count against the per-hour cap per channel.
CREATE TABLE notice_batches (
  id                 INTEGER PRIMARY KEY,
  channel            TEXT    NOT NULL,
  kind               TEXT    NOT NULL CHECK (kind IN ('down', 'reminder', 'up')),
  status             TEXT    NOT NULL DEFAULT 'sending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'abandoned')),
  attempts           INTEGER NOT NULL DEFAULT 1,
  claimed_at_ms      INTEGER NOT NULL,
  next_attempt_at_ms INTEGER NOT NULL,
  lease_until_ms     INTEGER,
  held_by_cap        INTEGER NOT NULL DEFAULT 0,
  held_since_ms      INTEGER,
  last_error         TEXT,
  sent_at_ms         INTEGER
);
CREATE INDEX notice_batches_channel_claimed ON notice_batches (channel, claimed_at_ms);
CREATE INDEX notice_batches_open ON notice_batches (next_attempt_at_ms) WHERE status IN ('pending', 'sending');

ALTER TABLE notice_deliveries ADD COLUMN batch_id INTEGER REFERENCES notice_batches (id);
CREATE INDEX notice_deliveries_batch ON notice_deliveries (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX notice_deliveries_channel_pending ON notice_deliveries (channel, next_attempt_at_ms) WHERE status = 'pending' AND batch_id IS NULL;
