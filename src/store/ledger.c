/*
 * ledger.c: forwarders of store/ledger.h (invoices, payments, ledger entries, balances, credit) to the backend.
 */
#include "store/store_int.h"

int store_invoices_add(struct store_tx *tx, const struct invoice *invs, size_t n, int64_t import_id,
		       unsigned char *added, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->ledger->invoices_add(tx, invs, n, import_id, added, e);
}

int store_invoice_get(struct store_tx *tx, const char *ref, struct invoice *out, int64_t *import_id, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->invoice_get(tx, ref, out, import_id, e);
}

int store_invoice_find(struct store_tx *tx, const char *ref, struct invoice *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->invoice_find(tx, ref, out, e);
}

int store_invoice_ref(struct store_tx *tx, int64_t id, char *ref, size_t size, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->invoice_ref(tx, id, ref, size, e);
}

int store_invoices_find(struct store_tx *tx, const char *const *refs, size_t n, struct invoice *out,
			unsigned char *found, struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (tx->s->ops->ledger->invoices_find)
		return tx->s->ops->ledger->invoices_find(tx, refs, n, out, found, e);
	for (size_t i = 0; i < n; i++) {
		int ret = tx->s->ops->ledger->invoice_find(tx, refs[i], &out[i], e);
		if (ret < 0)
			return ret;
		found[i] = ret == 1;
	}
	return 0;
}

int store_invoices_list(struct store_tx *tx, struct store_cursor *cur, store_invoice_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->invoices_list(tx, cur, cb, ctx, e);
}

int store_open_invoices_of_customer(struct store_tx *tx, int64_t customer_id, const char *currency, store_invoice_cb cb,
				    void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->open_invoices_of_customer(tx, customer_id, currency, cb, ctx, e);
}

int store_open_invoices_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				    store_invoice_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->open_invoices_by_customer(tx, from_customer, to_customer, cb, ctx, e);
}

int store_payment_insert(struct store_tx *tx, struct payment *p, int64_t import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->ledger->payment_insert(tx, p, import_id, e);
}

int store_payment_get(struct store_tx *tx, const char *ref, struct payment *out, int64_t *import_id, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->payment_get(tx, ref, out, import_id, e);
}

int store_payment_set_status(struct store_tx *tx, int64_t payment_id, enum payment_status status, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->ledger->payment_set_status(tx, payment_id, status, e);
}

int store_payments_list(struct store_tx *tx, struct store_cursor *cur, store_payment_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->payments_list(tx, cur, cb, ctx, e);
}

int store_ledger_post(struct store_tx *tx, const struct ledger_entry *les, size_t n, int64_t import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->ledger->post(tx, les, n, import_id, e);
}

int store_ledger_of_payment(struct store_tx *tx, int64_t payment_id, store_ledger_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->of_payment(tx, payment_id, cb, ctx, e);
}

int store_ledger_of_invoice(struct store_tx *tx, int64_t invoice_id, store_ledger_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->of_invoice(tx, invoice_id, cb, ctx, e);
}

int store_ledger_each(struct store_tx *tx, store_ledger_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->each(tx, cb, ctx, e);
}

int store_ledger_has_adjustments(struct store_tx *tx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->has_adjustments(tx, e);
}

int store_open_invoices_of_customer_at(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
				       store_invoice_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->open_invoices_of_customer_at(tx, customer_id, currency, as_of, cb, ctx, e);
}

int store_unapplied_credit_at(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
			      int64_t *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->unapplied_credit_at(tx, customer_id, currency, as_of, out, e);
}

int store_unapplied_credit(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *out,
			   struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->unapplied_credit(tx, customer_id, currency, out, e);
}

int store_credit_note_insert(struct store_tx *tx, struct credit_note *cn, int64_t import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->ledger->credit_note_insert(tx, cn, import_id, e);
}

int store_credit_note_get(struct store_tx *tx, const char *ref, struct credit_note *out, int64_t *import_id,
			  struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->credit_note_get(tx, ref, out, import_id, e);
}

int store_payments_add(struct store_tx *tx, struct payment *ps, size_t n, int64_t import_id, unsigned char *added,
		       struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->ledger->payments_add(tx, ps, n, import_id, added, e);
}

int store_invoices_copy(struct store_tx *tx, struct invoice *invs, size_t n, unsigned char *added, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->ledger->invoices_copy(tx, invs, n, added, e);
}

int store_ledger_copy(struct store_tx *tx, const struct ledger_entry *les, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->ledger->copy(tx, les, n, e);
}

int store_ledger_sums_by_invoice(struct store_tx *tx, int64_t from_invoice, int64_t to_invoice, store_invoice_sum_cb cb,
				 void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->sums_by_invoice(tx, from_invoice, to_invoice, cb, ctx, e);
}

int store_payments_of_customer(struct store_tx *tx, int64_t customer_id, store_payment_cb cb, void *ctx,
			       struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->payments_of_customer(tx, customer_id, cb, ctx, e);
}

int store_credit_notes_of_customer(struct store_tx *tx, int64_t customer_id, store_credit_note_cb cb, void *ctx,
				   struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->credit_notes_of_customer(tx, customer_id, cb, ctx, e);
}

int store_credit_notes_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				   store_credit_note_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->credit_notes_by_customer(tx, from_customer, to_customer, cb, ctx, e);
}

int store_open_invoice_ids_of_customer(struct store_tx *tx, int64_t customer_id, const char *currency,
				       store_invoice_id_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->ledger->open_invoice_ids_of_customer(tx, customer_id, currency, cb, ctx, e);
}

int store_open_invoice_ids_of_customers(struct store_tx *tx, const int64_t *ids, const char *const *currencies,
					size_t n, store_account_invoice_id_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (n == 0)
		return 0;
	return tx->s->ops->ledger->open_invoice_ids_of_customers(tx, ids, currencies, n, cb, ctx, e);
}

int store__credit_overflow(struct store_tx *tx, int64_t customer_id, const char *customer_ref, const char *currency,
			   struct error *e)
{
	struct customer c;
	char cur[4];

	/* the currency may be a column of the row being read: copied before another read */
	snprintf(cur, sizeof(cur), "%s", currency);
	if (!customer_ref) {
		int ret = tx->s->ops->parties->customer_by_id(tx, customer_id, &c, e);
		if (ret < 0)
			return ret;
		customer_ref = ret ? c.ref : "?";
	}
	return error_set(e, ERR_INPUT,
			 "customer '%s': unapplied credit in %s adds up beyond the 64-bit range of minor units; "
			 "correct or void the oversized payments or credit notes (recoup check lists every such sum)",
			 customer_ref, cur);
}
