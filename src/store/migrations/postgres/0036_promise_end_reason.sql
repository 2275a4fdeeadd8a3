-- promise.end_reason: why a promise was cancelled (SQLite's 0039 says more).
ALTER TABLE promise ADD COLUMN end_reason text NOT NULL DEFAULT '';
