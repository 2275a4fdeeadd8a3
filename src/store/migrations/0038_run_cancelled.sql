-- run.cancelled: the waiting actions the runs of that date cancelled (paid,
-- credited, held or stopped since they were scheduled), added in the very
-- transaction that cancels them (store_run_cancelled_add). The run's summary
-- gave what its own invocation cancelled: a rerun of the day, or the run
-- again after a crash, stored and printed 0 (or the rest) where the day had
-- cancelled 4. Rows before this migration take their summary's figure.
-- PostgreSQL's 0035 adds the same column.
ALTER TABLE run ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
UPDATE run SET cancelled = COALESCE(json_extract(summary, '$.cancelled'), 0) WHERE json_valid(summary);
