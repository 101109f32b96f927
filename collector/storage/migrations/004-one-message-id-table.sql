-- One table of received message ids (events and reports): report ids move into received_messages, which
-- housekeeping prunes per kind (report ids live as long as report snapshots, event ids 30 days).
INSERT OR IGNORE INTO received_messages (message_id, server_id, kind, received_at_ms)
  SELECT message_id, server_id, 'report', received_at_ms FROM report_messages;
DROP TABLE report_messages;
CREATE INDEX received_messages_kind_received_at ON received_messages (kind, received_at_ms);
