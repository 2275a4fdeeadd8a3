-- The work queue's bound per assignment, raised by every writer of an
-- invoice's balance: see the SQLite 0027_queue_bound.sql for what the
-- columns hold and why.
ALTER TABLE assignment ADD COLUMN bound bigint NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE assignment ADD COLUMN bound_currency text;
ALTER TABLE assignment ADD COLUMN bound_scale bigint NOT NULL DEFAULT 1;
ALTER TABLE assignment ADD COLUMN bound_pay bigint NOT NULL DEFAULT 1000;
CREATE UNIQUE INDEX assignment_bound ON assignment (tenant_id, user_id, bound DESC, customer_id);

CREATE FUNCTION invoice_bound_raise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added bigint := NEW.balance;
BEGIN
  IF NEW.balance <= 0 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.customer_id = OLD.customer_id AND NEW.currency = OLD.currency THEN
      IF NEW.balance <= OLD.balance THEN
        RETURN NULL;
      END IF;
      added := NEW.balance - GREATEST(OLD.balance, 0);
    END IF;
  END IF;
  -- never overflows: the product is checked before it is taken
  UPDATE assignment SET bound = CASE
      WHEN bound_currency = NEW.currency AND bound < 4000000000000000000 AND added < 40000000000000
      THEN bound + (added * bound_scale * bound_pay + 999) / 1000
      ELSE 9223372036854775807 END
   WHERE tenant_id = NEW.tenant_id AND customer_id = NEW.customer_id AND bound <> 9223372036854775807;
  RETURN NULL;
END;
$$;
CREATE TRIGGER invoice_bound_insert AFTER INSERT ON invoice
  FOR EACH ROW EXECUTE FUNCTION invoice_bound_raise();
CREATE TRIGGER invoice_bound_update AFTER UPDATE OF balance, customer_id, currency ON invoice
  FOR EACH ROW EXECUTE FUNCTION invoice_bound_raise();

CREATE FUNCTION assignment_band_bound() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE assignment SET bound = 9223372036854775807
   WHERE tenant_id = NEW.tenant_id AND customer_id = NEW.customer_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER assignment_band_bound AFTER UPDATE OF risk_band ON assignment
  FOR EACH ROW WHEN (NEW.risk_band IS DISTINCT FROM OLD.risk_band) EXECUTE FUNCTION assignment_band_bound();
