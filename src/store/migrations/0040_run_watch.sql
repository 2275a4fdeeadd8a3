-- The run's watch (store/actions.h, "the run's watch"; docs/strategies.md,
-- "The way to 3x"): a run for today visits only the customers whose outcome
-- can change. PostgreSQL's 0037 makes the same tables, with the same
-- columns in the same order (t0410), and the same marks.
--
--   run_watch        per customer a run visited: next_date, the first date on
--                    which what a run decides for it could differ if nothing
--                    were written (NULL: DATE_NEVER, nothing changes with time
--                    alone); accounts, how many of its accounts owe; snap, its
--                    share of the day's snapshot (the run's text, opaque here).
--                    A customer with neither has no row.
--   run_dirty        the customers written since a run last visited them
--                    (below: triggers, and the store's own inserts); a visit
--                    deletes the mark.
--   run_watch_state  per tenant, the version the last completed run wrote; a
--                    write to the tenant's configuration deletes the row, and a
--                    run without one visits every customer.
--
-- Derived tables: `recoup migrate` does not copy them (a copied book starts
-- without state, so its first run visits everyone), `recoup check` does not
-- read them. Their foreign keys go to the tenant alone: the mark of a
-- customer being deleted must still be insertable.
CREATE TABLE run_watch (
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  customer_id  INTEGER NOT NULL,
  next_date    TEXT,
  accounts     INTEGER NOT NULL,
  snap         TEXT NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
) WITHOUT ROWID;
-- the customers due by a date (store_run_watched_each)
CREATE INDEX run_watch_due ON run_watch(tenant_id, next_date) WHERE next_date IS NOT NULL;
CREATE TABLE run_dirty (
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  customer_id  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
) WITHOUT ROWID;
CREATE TABLE run_watch_state (
  tenant_id  INTEGER PRIMARY KEY REFERENCES tenant(id),
  version    TEXT NOT NULL
);

-- What marks a customer, and what drops the state: every table of the
-- schema at 0039 is in one of the lists below. A table added later must be
-- put in one (tests/store/test_store_watch.c fails on a table it does not
-- list); a migration that rebuilds a table (0004's way) must make its
-- triggers again.
--
-- Marked, the row's customer, on INSERT, UPDATE and DELETE (an UPDATE that
-- moves a row to another customer marks the old one too): account_hold,
-- action, agreement, assignment, contact, contact_attempt, credit_hold,
-- credit_note, customer_credit, customer_flag, dispute, document, invoice,
-- legal_event, payment, placement, promise; customer itself (its id);
-- ledger_entry (inserted only: 0004's triggers refuse the rest). Marked
-- through the parent row's customer: action_invoice, message and
-- message_attempt (action), agreement_instalment and agreement_invoice
-- (agreement), attempt_invoice (contact_attempt), promise_invoice
-- (promise).
--
-- The inserts of customer, contact, contact_attempt, attempt_invoice,
-- payment, credit_note, invoice, ledger_entry, action and action_invoice
-- have no trigger: the store's statements that insert them mark the
-- customer themselves (store/sqlite/watch.c, sq_watch_mark: a statement of
-- its own after the insert, not repeated for the customer it marked last
-- in the transaction). Those are the rows an import or the run writes by
-- the thousand, and a trigger costs them dear: a table with an INSERT
-- trigger makes SQLite keep a statement journal for each single-row INSERT
-- into it (the statement then writes two tables and a foreign key may
-- abort it), a copy of every 16 KiB page the row touches, whatever the
-- trigger's WHEN says; a trigger program run for each row of a multi-row
-- INSERT costs about 3,500 instructions even when its mark is there
-- already; and an INSERT ... SELECT into a table with a trigger first
-- copies its rows into a temporary table (attempt_invoice: 25,000
-- instructions a row). Measured at 100,000 customers (CPU seconds, min of
-- three) with triggers on every insert: import customers 1.0 -> 1.7,
-- contacts 0.5 -> 0.76, payments 10.5 -> 13.7, contact-history 8.7 ->
-- 14.7, the first run's 59,487 actions 1.5 -> 1.9; at 20,000 customers in
-- instructions, invoices +8% (the target is 1.0x `sqlite3 .import`) and
-- contact-history +18% with attempt_invoice's alone. A customer's own
-- insert, and a contact's for a customer the same transaction inserted,
-- write no mark: a customer with neither an invoice nor an action is in no
-- run, and the first of either, or any other row written for it, marks it.
-- Likewise an invoice's UPDATE of its balance alone marks nothing here: a
-- balance moves only with a ledger entry (balance = amount + SUM(ledger),
-- kept in the same transaction: `recoup check`), and the entry marks.
--
-- Dropping the tenant's state (any INSERT, UPDATE, DELETE): the
-- configuration a run reads for every customer, agreement_config,
-- credit_policy, dispute_reason, escalation_setting, message_template,
-- promise_setting, rules_profile, setting, strategy, strategy_default,
-- tenant_closed_day, and tenant (its default contact-rules profile).
-- Dropping every tenant's state: schema_migration (a new schema comes with
-- a new binary, whose run may decide otherwise).
--
-- A mark is INSERT ... ON CONFLICT DO NOTHING, not INSERT OR IGNORE: in a
-- trigger fired by an upsert (INSERT ... ON CONFLICT DO UPDATE, as
-- store_assignments_put writes), the outer statement's conflict resolution
-- replaces the trigger statement's OR IGNORE, and a mark already there then
-- fails the write (UNIQUE constraint failed: run_dirty); an upsert clause of
-- the trigger's own is kept.
--
-- Left out, as no run's decision for a customer reads them:
--   app_user        the run reads a user's name alone (the snapshot's
--                   collector), anew each run; a name never changes and a
--                   user is never deleted; which customers a collector works
--                   is assignment, marked.
--   api_token, auth_session, signin_failure: signing in.
--   audit_log       who did what: written by every command, read by none of
--                   the run's decisions.
--   idempotency_key the API's answers to requests retried.
--   import_batch    an import's own record; the rows it brought are marked.
--   kpi_month       the dashboard's monthly figures, derived from the ledger.
--   record_change   the history of the edits of customers and contacts; the
--                   edits themselves are marked (customer, contact).
--   run, run_snapshot: the runs' own record and output.
--   credit_review   the credit review's mark (one row a tenant, 0036): moved
--                   by every run; what the review decides lands in
--                   credit_hold, marked.
--   run_watch, run_dirty, run_watch_state: the watch itself.

CREATE TRIGGER account_hold_watch_insert AFTER INSERT ON account_hold
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER account_hold_watch_update AFTER UPDATE ON account_hold
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER account_hold_watch_move AFTER UPDATE OF tenant_id, customer_id ON account_hold
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER account_hold_watch_delete AFTER DELETE ON account_hold
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER action_watch_update AFTER UPDATE ON action
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER action_watch_move AFTER UPDATE OF tenant_id, customer_id ON action
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER action_watch_delete AFTER DELETE ON action
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_watch_insert AFTER INSERT ON agreement
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_watch_update AFTER UPDATE ON agreement
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_watch_move AFTER UPDATE OF tenant_id, customer_id ON agreement
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_watch_delete AFTER DELETE ON agreement
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER assignment_watch_insert AFTER INSERT ON assignment
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER assignment_watch_update AFTER UPDATE ON assignment
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER assignment_watch_move AFTER UPDATE OF tenant_id, customer_id ON assignment
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER assignment_watch_delete AFTER DELETE ON assignment
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER contact_watch_update AFTER UPDATE ON contact
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER contact_watch_move AFTER UPDATE OF tenant_id, customer_id ON contact
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER contact_watch_delete AFTER DELETE ON contact
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER contact_attempt_watch_update AFTER UPDATE ON contact_attempt
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER contact_attempt_watch_move AFTER UPDATE OF tenant_id, customer_id ON contact_attempt
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER contact_attempt_watch_delete AFTER DELETE ON contact_attempt
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER credit_hold_watch_insert AFTER INSERT ON credit_hold
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER credit_hold_watch_update AFTER UPDATE ON credit_hold
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER credit_hold_watch_move AFTER UPDATE OF tenant_id, customer_id ON credit_hold
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER credit_hold_watch_delete AFTER DELETE ON credit_hold
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER credit_note_watch_update AFTER UPDATE ON credit_note
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER credit_note_watch_move AFTER UPDATE OF tenant_id, customer_id ON credit_note
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER credit_note_watch_delete AFTER DELETE ON credit_note
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_credit_watch_insert AFTER INSERT ON customer_credit
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_credit_watch_update AFTER UPDATE ON customer_credit
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_credit_watch_move AFTER UPDATE OF tenant_id, customer_id ON customer_credit
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_credit_watch_delete AFTER DELETE ON customer_credit
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_flag_watch_insert AFTER INSERT ON customer_flag
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_flag_watch_update AFTER UPDATE ON customer_flag
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_flag_watch_move AFTER UPDATE OF tenant_id, customer_id ON customer_flag
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_flag_watch_delete AFTER DELETE ON customer_flag
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER dispute_watch_insert AFTER INSERT ON dispute
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER dispute_watch_update AFTER UPDATE ON dispute
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER dispute_watch_move AFTER UPDATE OF tenant_id, customer_id ON dispute
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER dispute_watch_delete AFTER DELETE ON dispute
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER document_watch_insert AFTER INSERT ON document
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER document_watch_update AFTER UPDATE ON document
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER document_watch_move AFTER UPDATE OF tenant_id, customer_id ON document
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER document_watch_delete AFTER DELETE ON document
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER invoice_watch_update AFTER UPDATE OF id, tenant_id, ref, customer_id, issue_date, due_date,
    currency, amount, description, po_ref, delivery_note_ref, signed, import_id, product ON invoice
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER invoice_watch_delete AFTER DELETE ON invoice
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER legal_event_watch_insert AFTER INSERT ON legal_event
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER legal_event_watch_update AFTER UPDATE ON legal_event
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER legal_event_watch_move AFTER UPDATE OF tenant_id, customer_id ON legal_event
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER legal_event_watch_delete AFTER DELETE ON legal_event
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER payment_watch_update AFTER UPDATE ON payment
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER payment_watch_move AFTER UPDATE OF tenant_id, customer_id ON payment
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER payment_watch_delete AFTER DELETE ON payment
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER placement_watch_insert AFTER INSERT ON placement
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER placement_watch_update AFTER UPDATE ON placement
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER placement_watch_move AFTER UPDATE OF tenant_id, customer_id ON placement
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER placement_watch_delete AFTER DELETE ON placement
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER promise_watch_insert AFTER INSERT ON promise
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER promise_watch_update AFTER UPDATE ON promise
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER promise_watch_move AFTER UPDATE OF tenant_id, customer_id ON promise
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.customer_id IS NOT NEW.customer_id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER promise_watch_delete AFTER DELETE ON promise
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.customer_id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_watch_update AFTER UPDATE ON customer
  BEGIN INSERT INTO run_dirty VALUES (NEW.tenant_id, NEW.id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_watch_move AFTER UPDATE OF tenant_id, id ON customer
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.id IS NOT NEW.id
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.id) ON CONFLICT DO NOTHING; END;
CREATE TRIGGER customer_watch_delete AFTER DELETE ON customer
  BEGIN INSERT INTO run_dirty VALUES (OLD.tenant_id, OLD.id) ON CONFLICT DO NOTHING; END;

CREATE TRIGGER action_invoice_watch_update AFTER UPDATE ON action_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = NEW.action_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER action_invoice_watch_move AFTER UPDATE OF tenant_id, action_id ON action_invoice
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.action_id IS NOT NEW.action_id
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = OLD.action_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER action_invoice_watch_delete AFTER DELETE ON action_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = OLD.action_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_instalment_watch_insert AFTER INSERT ON agreement_instalment
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM agreement
    WHERE id = NEW.agreement_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_instalment_watch_update AFTER UPDATE ON agreement_instalment
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM agreement
    WHERE id = NEW.agreement_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_instalment_watch_move AFTER UPDATE OF tenant_id, agreement_id ON agreement_instalment
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.agreement_id IS NOT NEW.agreement_id
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM agreement
    WHERE id = OLD.agreement_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_instalment_watch_delete AFTER DELETE ON agreement_instalment
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM agreement
    WHERE id = OLD.agreement_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_invoice_watch_insert AFTER INSERT ON agreement_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM agreement
    WHERE id = NEW.agreement_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_invoice_watch_update AFTER UPDATE ON agreement_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM agreement
    WHERE id = NEW.agreement_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_invoice_watch_move AFTER UPDATE OF tenant_id, agreement_id ON agreement_invoice
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.agreement_id IS NOT NEW.agreement_id
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM agreement
    WHERE id = OLD.agreement_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER agreement_invoice_watch_delete AFTER DELETE ON agreement_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM agreement
    WHERE id = OLD.agreement_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER attempt_invoice_watch_update AFTER UPDATE ON attempt_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM contact_attempt
    WHERE id = NEW.attempt_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER attempt_invoice_watch_move AFTER UPDATE OF tenant_id, attempt_id ON attempt_invoice
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.attempt_id IS NOT NEW.attempt_id
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM contact_attempt
    WHERE id = OLD.attempt_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER attempt_invoice_watch_delete AFTER DELETE ON attempt_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM contact_attempt
    WHERE id = OLD.attempt_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER message_watch_insert AFTER INSERT ON message
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = NEW.action_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER message_watch_update AFTER UPDATE ON message
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = NEW.action_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER message_watch_move AFTER UPDATE OF tenant_id, action_id ON message
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.action_id IS NOT NEW.action_id
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = OLD.action_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER message_watch_delete AFTER DELETE ON message
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = OLD.action_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER message_attempt_watch_insert AFTER INSERT ON message_attempt
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = NEW.action_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER message_attempt_watch_update AFTER UPDATE ON message_attempt
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = NEW.action_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER message_attempt_watch_move AFTER UPDATE OF tenant_id, action_id ON message_attempt
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.action_id IS NOT NEW.action_id
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = OLD.action_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER message_attempt_watch_delete AFTER DELETE ON message_attempt
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = OLD.action_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER promise_invoice_watch_insert AFTER INSERT ON promise_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM promise
    WHERE id = NEW.promise_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER promise_invoice_watch_update AFTER UPDATE ON promise_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM promise
    WHERE id = NEW.promise_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER promise_invoice_watch_move AFTER UPDATE OF tenant_id, promise_id ON promise_invoice
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.promise_id IS NOT NEW.promise_id
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM promise
    WHERE id = OLD.promise_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER promise_invoice_watch_delete AFTER DELETE ON promise_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM promise
    WHERE id = OLD.promise_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;

CREATE TRIGGER agreement_config_watch_insert AFTER INSERT ON agreement_config
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER agreement_config_watch_update AFTER UPDATE ON agreement_config
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER agreement_config_watch_delete AFTER DELETE ON agreement_config
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER credit_policy_watch_insert AFTER INSERT ON credit_policy
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER credit_policy_watch_update AFTER UPDATE ON credit_policy
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER credit_policy_watch_delete AFTER DELETE ON credit_policy
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER dispute_reason_watch_insert AFTER INSERT ON dispute_reason
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER dispute_reason_watch_update AFTER UPDATE ON dispute_reason
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER dispute_reason_watch_delete AFTER DELETE ON dispute_reason
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER escalation_setting_watch_insert AFTER INSERT ON escalation_setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER escalation_setting_watch_update AFTER UPDATE ON escalation_setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER escalation_setting_watch_delete AFTER DELETE ON escalation_setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER message_template_watch_insert AFTER INSERT ON message_template
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER message_template_watch_update AFTER UPDATE ON message_template
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER message_template_watch_delete AFTER DELETE ON message_template
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER promise_setting_watch_insert AFTER INSERT ON promise_setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER promise_setting_watch_update AFTER UPDATE ON promise_setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER promise_setting_watch_delete AFTER DELETE ON promise_setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER rules_profile_watch_insert AFTER INSERT ON rules_profile
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER rules_profile_watch_update AFTER UPDATE ON rules_profile
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER rules_profile_watch_delete AFTER DELETE ON rules_profile
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER setting_watch_insert AFTER INSERT ON setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER setting_watch_update AFTER UPDATE ON setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER setting_watch_delete AFTER DELETE ON setting
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER strategy_watch_insert AFTER INSERT ON strategy
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER strategy_watch_update AFTER UPDATE ON strategy
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER strategy_watch_delete AFTER DELETE ON strategy
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER strategy_default_watch_insert AFTER INSERT ON strategy_default
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER strategy_default_watch_update AFTER UPDATE ON strategy_default
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER strategy_default_watch_delete AFTER DELETE ON strategy_default
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER tenant_closed_day_watch_insert AFTER INSERT ON tenant_closed_day
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.tenant_id; END;
CREATE TRIGGER tenant_closed_day_watch_update AFTER UPDATE ON tenant_closed_day
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id); END;
CREATE TRIGGER tenant_closed_day_watch_delete AFTER DELETE ON tenant_closed_day
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.tenant_id; END;
CREATE TRIGGER tenant_watch_insert AFTER INSERT ON tenant
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = NEW.id; END;
CREATE TRIGGER tenant_watch_update AFTER UPDATE ON tenant
  BEGIN DELETE FROM run_watch_state WHERE tenant_id IN (OLD.id, NEW.id); END;
CREATE TRIGGER tenant_watch_delete AFTER DELETE ON tenant
  BEGIN DELETE FROM run_watch_state WHERE tenant_id = OLD.id; END;
CREATE TRIGGER schema_migration_watch_insert AFTER INSERT ON schema_migration
  BEGIN DELETE FROM run_watch_state; END;
