-- Segments (issue 9 point 3, docs/csv.md): a customer's tags (sorted,
-- joined by ';') and region (ISO 3166-2 subdivision without the country
-- prefix, "ON"), and an invoice's product. Optional columns of the import
-- files: '' when not given, as the other optional text columns.
ALTER TABLE customer ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE customer ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE invoice ADD COLUMN product TEXT NOT NULL DEFAULT '';
