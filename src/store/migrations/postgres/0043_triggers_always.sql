-- Every trigger of recoup's own fires in every session, whatever its
-- session_replication_role (ENABLE ALWAYS). The daily run writes with
-- session_replication_role = replica, which leaves out the foreign keys'
-- checks (PostgreSQL's internal triggers, one row lock on the parent per
-- reference written: a sixth of the next day at 100,000 customers) and would
-- leave out every trigger enabled the default way: the watch's marks, the
-- queue's bounds, the ledger's and the record of changes' refusals. The run
-- turns it on only when every trigger of the schema is ALWAYS
-- (store_check_references in store/postgres/db.c), so a trigger a later
-- migration adds without ENABLE ALWAYS makes the run check its references
-- row by row again, and the conformance test fail, rather than be skipped.
-- A partition's trigger is its parent's clone, enabled with it.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT tg.tgrelid::regclass AS rel, tg.tgname AS name
      FROM pg_trigger tg
      JOIN pg_class c ON c.oid = tg.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT tg.tgisinternal AND tg.tgenabled <> 'A' AND tg.tgparentid = 0
       AND n.nspname = current_schema()
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', t.rel, t.name);
  END LOOP;
END
$$;
