-- run.cancelled: the waiting actions the runs of that date cancelled, added in
-- the transaction that cancels them (SQLite's 0038 says why).
ALTER TABLE run ADD COLUMN cancelled bigint NOT NULL DEFAULT 0;
UPDATE run SET cancelled = COALESCE((summary::jsonb ->> 'cancelled')::bigint, 0)
 WHERE summary LIKE '{%';
