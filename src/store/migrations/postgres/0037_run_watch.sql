-- The run's watch (store/actions.h, "the run's watch"; SQLite's 0040 says
-- the same): a run for today visits the customers whose outcome can change.
--
-- run_watch: one row per customer a run visited whose outcome could change
-- with time alone or that owes money: next_date, the first date on which
-- what a run decides for it could differ (NULL: DATE_NEVER, no date),
-- accounts, how many of its accounts owe money, and snap, its share of the
-- day's snapshot (the run's text, opaque to the store).
--
-- The tenant is checked as everywhere (tenant-first keys, t0410); the
-- customer is not: a customer deleted must still be marked, and the watch
-- is the run's own derived state (the run that visits a customer gone
-- drops its watch row).
CREATE TABLE run_watch (
  tenant_id    bigint NOT NULL REFERENCES tenant (id),
  customer_id  bigint NOT NULL,
  next_date    date,
  accounts     bigint NOT NULL,
  snap         text NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX run_watch_next ON run_watch (tenant_id, next_date) WHERE next_date IS NOT NULL;

-- run_dirty: the customers written since the run that visited them last,
-- kept by the triggers below (no write path can forget one); a visit's
-- store_run_watch_put clears its customers' marks.
CREATE TABLE run_dirty (
  tenant_id    bigint NOT NULL REFERENCES tenant (id),
  customer_id  bigint NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
);

-- run_watch_state: the version the last run that completed wrote; no row
-- (a configuration write deletes it) makes the next run visit everyone.
CREATE TABLE run_watch_state (
  tenant_id  bigint NOT NULL REFERENCES tenant (id),
  version    text NOT NULL,
  PRIMARY KEY (tenant_id)
);

-- ---- the marks: every table a run reads for a customer ----
--
-- Statement triggers with transition tables: a bulk import (COPY into a
-- staging table, then one INSERT ... SELECT of up to 4,096 rows,
-- pg_copy_add; ledger entries 64 to an INSERT; balance moves 256 invoices
-- to an UPDATE) marks its customers once per statement, not once per row.
-- PostgreSQL allows a transition table only on a trigger of one event
-- without a column list, hence three triggers per table (the functions
-- read TG_OP: a branch not taken is never planned, so the transition table
-- it names need not exist). An UPDATE marks the old rows' customers and the
-- new ones'.
--
-- The statements name one tenant at a time (a loop over the tenants of the
-- rows where a table is read or a row deleted): a statement of the
-- backend writes one tenant's rows, and a distributed PostgreSQL must be
-- able to route each nested statement to one shard (t0430's check: the
-- partitions a plan scans, pruned from the tenant given as a parameter).

-- The tables whose rows carry their customer (tenant_id, customer_id).
CREATE FUNCTION run_dirty_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO run_dirty (tenant_id, customer_id)
      SELECT DISTINCT tenant_id, customer_id FROM new_rows ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO run_dirty (tenant_id, customer_id)
      SELECT tenant_id, customer_id FROM new_rows UNION SELECT tenant_id, customer_id FROM old_rows
      ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO run_dirty (tenant_id, customer_id)
      SELECT DISTINCT tenant_id, customer_id FROM old_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;

-- The customer row itself (its id), updated or deleted. Its insert marks
-- nothing (as on SQLite): a customer with neither an invoice nor an action
-- is in no run, and the first of either, or any other row written for it,
-- marks it; an import of customers writes no mark.
CREATE FUNCTION run_dirty_mark_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO run_dirty (tenant_id, customer_id)
      SELECT tenant_id, id FROM new_rows UNION SELECT tenant_id, id FROM old_rows ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO run_dirty (tenant_id, customer_id)
      SELECT tenant_id, id FROM old_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;

-- The rows of an action (action_invoice, message, message_attempt): the
-- action's customer. An action deleted with them marked its own.
CREATE FUNCTION run_dirty_mark_action() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR t IN SELECT DISTINCT tenant_id FROM new_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM action p
         WHERE p.tenant_id = t AND p.id IN (SELECT action_id FROM new_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    FOR t IN SELECT tenant_id FROM new_rows UNION SELECT tenant_id FROM old_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM action p
         WHERE p.tenant_id = t AND p.id IN (SELECT action_id FROM new_rows WHERE tenant_id = t
                                            UNION SELECT action_id FROM old_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  ELSE
    FOR t IN SELECT DISTINCT tenant_id FROM old_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM action p
         WHERE p.tenant_id = t AND p.id IN (SELECT action_id FROM old_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

-- The rows of an agreement (agreement_invoice, agreement_instalment).
CREATE FUNCTION run_dirty_mark_agreement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR t IN SELECT DISTINCT tenant_id FROM new_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM agreement p
         WHERE p.tenant_id = t AND p.id IN (SELECT agreement_id FROM new_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    FOR t IN SELECT tenant_id FROM new_rows UNION SELECT tenant_id FROM old_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM agreement p
         WHERE p.tenant_id = t AND p.id IN (SELECT agreement_id FROM new_rows WHERE tenant_id = t
                                            UNION SELECT agreement_id FROM old_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  ELSE
    FOR t IN SELECT DISTINCT tenant_id FROM old_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM agreement p
         WHERE p.tenant_id = t AND p.id IN (SELECT agreement_id FROM old_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

-- The invoices an attempt was about (attempt_invoice).
CREATE FUNCTION run_dirty_mark_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR t IN SELECT DISTINCT tenant_id FROM new_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM contact_attempt p
         WHERE p.tenant_id = t AND p.id IN (SELECT attempt_id FROM new_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    FOR t IN SELECT tenant_id FROM new_rows UNION SELECT tenant_id FROM old_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM contact_attempt p
         WHERE p.tenant_id = t AND p.id IN (SELECT attempt_id FROM new_rows WHERE tenant_id = t
                                            UNION SELECT attempt_id FROM old_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  ELSE
    FOR t IN SELECT DISTINCT tenant_id FROM old_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM contact_attempt p
         WHERE p.tenant_id = t AND p.id IN (SELECT attempt_id FROM old_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

-- The invoices a promise covers (promise_invoice).
CREATE FUNCTION run_dirty_mark_promise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR t IN SELECT DISTINCT tenant_id FROM new_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM promise p
         WHERE p.tenant_id = t AND p.id IN (SELECT promise_id FROM new_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    FOR t IN SELECT tenant_id FROM new_rows UNION SELECT tenant_id FROM old_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM promise p
         WHERE p.tenant_id = t AND p.id IN (SELECT promise_id FROM new_rows WHERE tenant_id = t
                                            UNION SELECT promise_id FROM old_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  ELSE
    FOR t IN SELECT DISTINCT tenant_id FROM old_rows LOOP
      INSERT INTO run_dirty (tenant_id, customer_id)
        SELECT DISTINCT t, p.customer_id FROM promise p
         WHERE p.tenant_id = t AND p.id IN (SELECT promise_id FROM old_rows WHERE tenant_id = t)
        ON CONFLICT DO NOTHING;
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

-- The three triggers of table `tab` calling `fn` (for the loop below, and
-- for ledger_entry, which only ever receives rows).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
      ('account_hold', 'run_dirty_mark'), ('action', 'run_dirty_mark'), ('agreement', 'run_dirty_mark'),
      ('contact', 'run_dirty_mark'), ('contact_attempt', 'run_dirty_mark'),
      ('credit_hold', 'run_dirty_mark'), ('credit_note', 'run_dirty_mark'), ('customer_credit', 'run_dirty_mark'),
      ('customer_flag', 'run_dirty_mark'), ('dispute', 'run_dirty_mark'), ('document', 'run_dirty_mark'),
      ('invoice', 'run_dirty_mark'), ('legal_event', 'run_dirty_mark'), ('payment', 'run_dirty_mark'),
      ('placement', 'run_dirty_mark'), ('promise', 'run_dirty_mark'),
      ('action_invoice', 'run_dirty_mark_action'), ('message', 'run_dirty_mark_action'),
      ('message_attempt', 'run_dirty_mark_action'),
      ('agreement_invoice', 'run_dirty_mark_agreement'), ('agreement_instalment', 'run_dirty_mark_agreement'),
      ('attempt_invoice', 'run_dirty_mark_attempt'),
      ('promise_invoice', 'run_dirty_mark_promise')) AS v(tab, fn)
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.tab || '_run_insert', r.tab, r.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.tab || '_run_update', r.tab, r.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.tab || '_run_delete', r.tab, r.fn);
  END LOOP;
END
$$;
-- assignment: its bound (bound, bound_currency, bound_scale, bound_pay) is
-- the queue's cache of its customer's invoices, raised by a trigger on
-- every invoice written (invoice_bound_raise: an UPDATE per invoice row,
-- most of them of no row, and a statement trigger fires for those too: the
-- invoices of an import took twice as long so). The invoice marks its
-- customer; an update that changes more than the bound marks it here, by
-- a row trigger whose condition costs no call.
CREATE FUNCTION run_dirty_mark_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO run_dirty (tenant_id, customer_id) VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING;
  IF (OLD.tenant_id, OLD.customer_id) IS DISTINCT FROM (NEW.tenant_id, NEW.customer_id) THEN
    INSERT INTO run_dirty (tenant_id, customer_id) VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER assignment_run_insert AFTER INSERT ON assignment REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION run_dirty_mark();
CREATE TRIGGER assignment_run_update AFTER UPDATE ON assignment
  FOR EACH ROW WHEN (to_jsonb(OLD) - '{bound,bound_currency,bound_scale,bound_pay}'::text[]
                     IS DISTINCT FROM to_jsonb(NEW) - '{bound,bound_currency,bound_scale,bound_pay}'::text[])
  EXECUTE FUNCTION run_dirty_mark_row();
CREATE TRIGGER assignment_run_delete AFTER DELETE ON assignment REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION run_dirty_mark();
CREATE TRIGGER customer_run_update AFTER UPDATE ON customer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION run_dirty_mark_customer();
CREATE TRIGGER customer_run_delete AFTER DELETE ON customer REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION run_dirty_mark_customer();
-- ledger entries are never updated nor deleted (ledger_entry_append_only)
CREATE TRIGGER ledger_entry_run_insert AFTER INSERT ON ledger_entry REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION run_dirty_mark();

-- ---- the tenant's configuration: any write drops the watch state ----

CREATE FUNCTION run_watch_drop() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR t IN SELECT DISTINCT tenant_id FROM new_rows LOOP
      DELETE FROM run_watch_state WHERE tenant_id = t;
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    FOR t IN SELECT tenant_id FROM new_rows UNION SELECT tenant_id FROM old_rows LOOP
      DELETE FROM run_watch_state WHERE tenant_id = t;
    END LOOP;
  ELSE
    FOR t IN SELECT DISTINCT tenant_id FROM old_rows LOOP
      DELETE FROM run_watch_state WHERE tenant_id = t;
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

-- The tenant row (its id; default_profile is the tenant's contact rules).
CREATE FUNCTION run_watch_drop_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR t IN SELECT id FROM new_rows LOOP
      DELETE FROM run_watch_state WHERE tenant_id = t;
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    FOR t IN SELECT id FROM new_rows UNION SELECT id FROM old_rows LOOP
      DELETE FROM run_watch_state WHERE tenant_id = t;
    END LOOP;
  ELSE
    FOR t IN SELECT id FROM old_rows LOOP
      DELETE FROM run_watch_state WHERE tenant_id = t;
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
      ('agreement_config', 'run_watch_drop'), ('credit_policy', 'run_watch_drop'),
      ('dispute_reason', 'run_watch_drop'), ('escalation_setting', 'run_watch_drop'),
      ('message_template', 'run_watch_drop'), ('promise_setting', 'run_watch_drop'),
      ('rules_profile', 'run_watch_drop'), ('setting', 'run_watch_drop'), ('strategy', 'run_watch_drop'),
      ('strategy_default', 'run_watch_drop'), ('tenant_closed_day', 'run_watch_drop'),
      ('tenant', 'run_watch_drop_tenant')) AS v(tab, fn)
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.tab || '_run_insert', r.tab, r.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.tab || '_run_update', r.tab, r.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.tab || '_run_delete', r.tab, r.fn);
  END LOOP;
END
$$;
-- TRUNCATE (no transition table, and every tenant's rows at once; no
-- command truncates these tables): every tenant's next run visits everyone.
-- Its statement names no tenant, as the migrations' do; it runs with them.
CREATE FUNCTION run_watch_drop_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM run_watch_state;
  RETURN NULL;
END
$$;
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('account_hold'), ('action'), ('agreement'), ('assignment'), ('contact'), ('contact_attempt'),
      ('credit_hold'), ('credit_note'), ('customer_credit'), ('customer_flag'), ('dispute'), ('document'),
      ('invoice'), ('legal_event'), ('payment'), ('placement'), ('promise'), ('customer'), ('action_invoice'),
      ('message'), ('message_attempt'), ('agreement_invoice'), ('agreement_instalment'), ('attempt_invoice'),
      ('promise_invoice'), ('agreement_config'), ('credit_policy'), ('dispute_reason'), ('escalation_setting'),
      ('message_template'), ('promise_setting'), ('rules_profile'), ('setting'), ('strategy'),
      ('strategy_default'), ('tenant_closed_day')) AS v(tab)
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION run_watch_drop_all()',
                   t || '_run_truncate', t);
  END LOOP;
END
$$;

-- A new schema comes with a new binary, whose run may decide otherwise:
-- every tenant's next run visits everyone. (schema_migration is the
-- backend's, made before the first migration; a schema loaded by hand, as
-- t0430 loads it, may not have it yet.)
DO $$
BEGIN
  IF to_regclass('schema_migration') IS NOT NULL THEN
    CREATE TRIGGER schema_migration_run_insert AFTER INSERT ON schema_migration
      FOR EACH STATEMENT EXECUTE FUNCTION run_watch_drop_all();
  END IF;
END
$$;

-- ---- the tables left out, and why ----
--
-- Read by no run's decision for a customer: api_token, auth_session,
-- signin_failure, idempotency_key (signing in, the API's retried
-- requests), audit_log (the trail), import_batch (an import's own record;
-- its rows are marked by their tables), kpi_month (the dashboard's monthly
-- figures), record_change (the log of customer and contact edits; the edits
-- themselves are marked), app_user (a run reads a user's id and name alone,
-- for the snapshot's collector, anew each run; a name never changes and a
-- user is never deleted; which customers a collector works is assignment,
-- marked).
-- The run's own: run (its dates and summaries: a run dated after as-of
-- makes a replay, which visits everyone), run_snapshot (what it writes),
-- credit_review (the credit review's progress mark, one row a tenant,
-- moved by every run; what the review decides lands in credit_hold,
-- marked), and run_watch, run_dirty, run_watch_state.
