-- Segments: see the SQLite migration 0006_segments.sql, which this one
-- mirrors (same columns, same order). A NOT NULL column with a constant
-- default is added without rewriting the table (PostgreSQL 11+).
ALTER TABLE customer ADD COLUMN tags text NOT NULL DEFAULT '';
ALTER TABLE customer ADD COLUMN region text NOT NULL DEFAULT '';
ALTER TABLE invoice ADD COLUMN product text NOT NULL DEFAULT '';
