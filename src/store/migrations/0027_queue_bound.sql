-- The work queue's bound (docs/queue.md "How the queue finds its rows"):
-- per assignment, an upper bound on the score any one of the customer's
-- accounts can have before the raises (core/queue_score.h), so that a queue
-- walks the collector's accounts best bound first and nets and asks the
-- rules about only those that can still enter its list (about its 40 best,
-- not the 600 with a call due).
--
--   bound           no less than the sum of the positive open invoice
--                   balances of any one currency of the customer (the
--                   overdue balance the queue scores is never more), in
--                   hundredths of a major unit, times bound_pay / 1000,
--                   rounded up; 9223372036854775807: unknown (walked first)
--   bound_currency  the one currency the bound was counted in, NULL when the
--                   customer owed in several (or none)
--   bound_scale     hundredths per minor unit of bound_currency (100 for an
--                   exponent of 0, 10 for 1, else 1: never less than exact)
--   bound_pay       the chance of payment (per mille) of the assignment's
--                   risk band when counted (1000: band unknown)
--
-- `recoup assign` counts the bound (app/assign.c). It is then only raised,
-- here, in the writer's own transaction, whatever the writer (an import, a
-- reversal, a fee, interest): an invoice written or raised adds what it adds
-- to its positive balance; in another currency, or beyond what the column
-- holds, the bound becomes unknown, as it does when the band changes. What
-- lowers a balance leaves the bound high (still a bound) until the next
-- assign counts it again.
ALTER TABLE assignment ADD COLUMN bound INTEGER NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE assignment ADD COLUMN bound_currency TEXT;
ALTER TABLE assignment ADD COLUMN bound_scale INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assignment ADD COLUMN bound_pay INTEGER NOT NULL DEFAULT 1000;
-- unique as (tenant, customer) is: so SQLite knows a walk by it needs no sort
CREATE UNIQUE INDEX assignment_bound ON assignment(tenant_id, user_id, bound DESC, customer_id);

CREATE TRIGGER invoice_bound_insert AFTER INSERT ON invoice WHEN NEW.balance > 0
BEGIN
  UPDATE assignment SET bound = CASE
      WHEN bound_currency = NEW.currency AND bound < 4000000000000000000
           AND NEW.balance * bound_scale < 4000000000000000
      THEN bound + (NEW.balance * bound_scale * bound_pay + 999) / 1000
      ELSE 9223372036854775807 END
   WHERE tenant_id = NEW.tenant_id AND customer_id = NEW.customer_id AND bound <> 9223372036854775807;
END;

CREATE TRIGGER invoice_bound_update AFTER UPDATE OF balance, customer_id, currency ON invoice
  WHEN NEW.balance > 0 AND (NEW.balance > OLD.balance OR NEW.customer_id <> OLD.customer_id
                            OR NEW.currency <> OLD.currency)
BEGIN
  UPDATE assignment SET bound = CASE
      WHEN bound_currency = NEW.currency AND bound < 4000000000000000000
           AND NEW.balance * bound_scale < 4000000000000000
      THEN bound + ((NEW.balance - CASE
          WHEN NEW.customer_id = OLD.customer_id AND NEW.currency = OLD.currency AND OLD.balance > 0
          THEN OLD.balance ELSE 0 END) * bound_scale * bound_pay + 999) / 1000
      ELSE 9223372036854775807 END
   WHERE tenant_id = NEW.tenant_id AND customer_id = NEW.customer_id AND bound <> 9223372036854775807;
END;

CREATE TRIGGER assignment_band_bound AFTER UPDATE OF risk_band ON assignment
  WHEN NEW.risk_band IS NOT OLD.risk_band
BEGIN
  UPDATE assignment SET bound = 9223372036854775807
   WHERE tenant_id = NEW.tenant_id AND customer_id = NEW.customer_id;
END;
