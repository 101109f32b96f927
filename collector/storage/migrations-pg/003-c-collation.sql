-- Text sorts and compares byte-wise, as in SQLite (BINARY): a database created with the server's locale
-- (fr_FR.UTF-8 on a French Debian, an ICU locale) would otherwise order `Scribe`, `amon`, `scribe-2` its own
-- way, and every ORDER BY of the repositories (servers by uai and machine, channels, days) would differ
-- between the engines. Every TEXT column so far becomes COLLATE "C"; a later migration that adds a TEXT
-- column must write `TEXT COLLATE "C"` itself.
DO $$
DECLARE
  col record;
BEGIN
  FOR col IN
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type = 'text' AND table_name <> 'schema_migrations'
    ORDER BY table_name, ordinal_position
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE TEXT COLLATE "C"', col.table_name, col.column_name);
  END LOOP;
END
$$;
