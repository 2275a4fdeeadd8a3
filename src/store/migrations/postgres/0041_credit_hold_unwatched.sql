-- credit_hold no longer marks its customer for the run's watch (0037), as
-- SQLite's 0044 says why: no decision of the run reads it, and the credit
-- review the run ends with adds a hold for each credit_hold step it
-- recorded, which made the next day's run visit those customers for
-- nothing. Its TRUNCATE no longer drops the watch state either.
DROP TRIGGER credit_hold_run_insert ON credit_hold;
DROP TRIGGER credit_hold_run_update ON credit_hold;
DROP TRIGGER credit_hold_run_delete ON credit_hold;
DROP TRIGGER credit_hold_run_truncate ON credit_hold;
