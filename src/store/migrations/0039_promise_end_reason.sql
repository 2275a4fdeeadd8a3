-- promise.end_reason: why a promise ended other than by the review's
-- verdict (state 'cancelled'): the reason given to `recoup promise cancel`,
-- or "replaced by promise N" when a later promise on the same invoices
-- replaced it (docs/agreements.md, "One promise at a time"). '' for the
-- promises the review judged. PostgreSQL's 0036 adds the same column.
ALTER TABLE promise ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
