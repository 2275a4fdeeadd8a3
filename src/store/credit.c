/*
 * credit.c: forwarders of store/credit.h to the backend.
 */
#include "store/credit.h"

#include "store/store_int.h"

int store_credit_terms_get(struct store_tx *tx, int64_t customer_id, struct credit_terms *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->credit->terms_get(tx, customer_id, out, e);
}

int store_credit_terms_put(struct store_tx *tx, const struct credit_terms *t, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->credit->terms_put(tx, t, e);
}

int store_credit_hold_add(struct store_tx *tx, struct credit_hold *h, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->credit->hold_add(tx, h, e);
}

int store_credit_hold_current(struct store_tx *tx, int64_t customer_id, struct credit_hold *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->credit->hold_current(tx, customer_id, out, e);
}

int store_credit_hold_release(struct store_tx *tx, int64_t customer_id, timestamp_t at, const char *by,
			      const char *reason, int64_t *n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->credit->hold_release(tx, customer_id, at, by, reason, n, e);
}

int store_credit_holds_from_actions(struct store_tx *tx, date_t on, timestamp_t at, const char *by, int64_t *n,
				    struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->credit->holds_from_actions(tx, on, at, by, n, e);
}

int store_credit_holds_lift(struct store_tx *tx, const int64_t *customers, size_t n_customers, date_t on, date_t cutoff,
			    timestamp_t at, const char *by, const char *reason, int64_t *n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->credit->holds_lift(tx, customers, n_customers, on, cutoff, at, by, reason, n, e);
}

int store_credit_exposure(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *open_balance,
			  date_t *oldest_due, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->credit->exposure(tx, customer_id, currency, open_balance, oldest_due, e);
}

int store_credit_policy_get(struct store_tx *tx, struct credit_policy *p, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->credit->policy_get(tx, p, e);
}

int store_credit_policy_put(struct store_tx *tx, const struct credit_policy *p, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->credit->policy_put(tx, p, e);
}

int store_credit_holds_each(struct store_tx *tx, store_credit_hold_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->credit->holds_each(tx, cb, ctx, e);
}

int store_credit_hold_copy(struct store_tx *tx, struct credit_hold *h, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->credit->hold_copy(tx, h, e);
}

int store_credit_review_mark_get(struct store_tx *tx, int64_t *action_id, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->credit->review_mark_get(tx, action_id, e);
}

int store_credit_review_mark_set(struct store_tx *tx, int64_t action_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->credit->review_mark_set(tx, action_id, e);
}
