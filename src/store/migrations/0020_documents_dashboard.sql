-- Documents (store/documents.h, docs/documents.md): the metadata of a file
-- attached to a customer, and optionally to one of its invoices. The bytes
-- live on disk, content-addressed by sha256 (app/documents.c): two rows
-- with the same sha256 share one file. Rows are never changed. Moments are
-- RFC 3339 UTC text.
CREATE TABLE document (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  customer_id  INTEGER NOT NULL,
  invoice_id   INTEGER,
  -- OR, not IN (...): see ledger_entry.kind in 0001
  kind         TEXT NOT NULL CHECK (kind = 'po' OR kind = 'delivery_note' OR kind = 'signed' OR
                                    kind = 'contract' OR kind = 'receipt' OR kind = 'other'),
  file_name    TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL CHECK (size > 0),
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  uploaded_by  TEXT NOT NULL,
  uploaded_at  TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id)
);
CREATE INDEX document_customer ON document(tenant_id, customer_id, id);

-- The manager's dashboard (store/dashboard.h, docs/dashboard.md): the
-- KPIs of a month per currency, as app/reports.c's reports_kpi computed
-- them over [month, to_date] (the month's end once it is over, else the
-- month to date). Computing them reads every invoice's ledger (seconds on
-- a large book), so `recoup dashboard refresh` stores them once and the
-- dashboard reads these rows. Ratios in basis points, DSO in tenths of a
-- day; KPI_NA (the smallest integer) when not available. Moments RFC 3339
-- UTC text.
CREATE TABLE kpi_month (
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  month           TEXT NOT NULL,
  currency        TEXT NOT NULL,
  to_date         TEXT NOT NULL,
  opening_ar      INTEGER NOT NULL,
  credit_sales    INTEGER NOT NULL,
  closing_ar      INTEGER NOT NULL,
  closing_current INTEGER NOT NULL,
  dso_tenths      INTEGER NOT NULL,
  cei_bp          INTEGER NOT NULL,
  delinquency_bp  INTEGER NOT NULL,
  computed_at     TEXT NOT NULL,
  PRIMARY KEY (tenant_id, month, currency)
);
