-- A customer's payments and credit notes (GET /api/v1/payments?customer=,
-- /api/v1/credit-notes?customer=: store_payments_of_customer,
-- store_credit_notes_of_customer) read through these indexes instead of
-- scanning the tenant's. A customer's ledger entries have theirs already.
CREATE INDEX payment_customer ON payment(tenant_id, customer_id, id);
CREATE INDEX credit_note_customer ON credit_note(tenant_id, customer_id, id);
