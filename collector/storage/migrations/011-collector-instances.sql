-- Collector instances sharing this database (docs/DEPLOYMENT.md): each records when it started and when it last
-- swept, so a restarting instance knows whether another one kept watching the fleet (then no start-up grace).
CREATE TABLE collector_instances (
  instance_id      TEXT    PRIMARY KEY,
  started_at_ms    INTEGER NOT NULL,
  last_sweep_at_ms INTEGER NOT NULL
);
