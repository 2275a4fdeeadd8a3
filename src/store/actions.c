/*
 * actions.c: forwarders of store/actions.h (the daily run's records) to the backend.
 */
#include <string.h>

#include "store/store_int.h"

int store_action_add(struct store_tx *tx, struct action_record *a, const struct action_invoice *inv, size_t n,
		     struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	if (n == 0)
		return error_set(e, ERR_ENV, "store: an action covers at least one invoice");
	return tx->s->ops->actions->add(tx, a, inv, n, e);
}

int store_action_set_state(struct store_tx *tx, int64_t id, const char *state, const char *reason_code,
			   const char *reason, timestamp_t at, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->set_state(tx, id, state, reason_code, reason, at, e);
}

int store_action_move(struct store_tx *tx, int64_t id, const char *from, const char *state, const char *reason_code,
		      const char *reason, timestamp_t at, struct action_state_now *now, struct error *e)
{
	memset(now, 0, sizeof(*now));
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->move(tx, id, from, state, reason_code, reason, at, now, e);
}

int store_run_recorded_due_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t due_by,
				store_run_recorded_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->recorded_due_each(tx, from_customer, to_customer, due_by, cb, ctx, e);
}

int store_run_answers_of(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t until, store_run_answer_cb cb,
			 void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return n ? tx->s->ops->actions->answers_of(tx, ids, n, until, cb, ctx, e) : 0;
}

int store_run_customers_by_id(struct store_tx *tx, const int64_t *ids, size_t n, store_customer_cb cb, void *ctx,
			      struct error *e)
{
	STORE_READ_CALL(tx, e);
	return n ? tx->s->ops->actions->customers_by_id(tx, ids, n, cb, ctx, e) : 0;
}

int64_t store_run_customers_count(struct store_tx *tx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->customers_count(tx, e);
}

int store_run_recorded_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, int later,
			    store_run_recorded_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->recorded_each(tx, from_customer, to_customer, later, cb, ctx, e);
}

int store_run_waiting_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t since,
			   store_run_recorded_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->waiting_each(tx, from_customer, to_customer, since, cb, ctx, e);
}

int store_run_invoices_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t as_of, int later,
			    store_run_invoice_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->invoices_each(tx, from_customer, to_customer, as_of, later, cb, ctx, e);
}

int store_run_page(struct store_tx *tx, struct store_cursor *cur, date_t as_of, timestamp_t since,
		   const struct run_page_cb *cb, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->page(tx, cur, as_of, since, cb, e);
}

int store_run_later(struct store_tx *tx, date_t as_of, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->later(tx, as_of, e);
}

int store_run_after(struct store_tx *tx, date_t as_of, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->run_after(tx, as_of, e);
}

int store_actions_add(struct store_tx *tx, struct action_record *a, size_t n, const struct action_invoice *inv,
		      const size_t *n_inv, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->add_many(tx, a, n, inv, n_inv, e);
}

int store_run_answers_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t until,
			   store_run_answer_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->answers_each(tx, from_customer, to_customer, until, cb, ctx, e);
}

int store_run_paid_between(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			   struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->paid_between(tx, customer_id, currency, from, to, e);
}

int store_run_action_moment(struct store_tx *tx, int64_t id, char *state, size_t size, timestamp_t *scheduled_at,
			    struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->action_moment(tx, id, state, size, scheduled_at, e);
}

int store_run_paid_between_each(struct store_tx *tx, const int64_t *customers, const char *const *currencies,
				const date_t *froms, size_t n, date_t to, int *out, struct error *e)
{
	const struct store_actions_ops *ops;

	STORE_READ_CALL(tx, e);
	ops = tx->s->ops->actions;
	if (n == 0)
		return 0;
	if (ops->paid_between_each)
		return ops->paid_between_each(tx, customers, currencies, froms, n, to, out, e);
	for (size_t i = 0; i < n; i++) {
		int ret = ops->paid_between(tx, customers[i], currencies[i], froms[i], to, e);
		if (ret < 0)
			return ret;
		out[i] = ret;
	}
	return 0;
}

int store_run_action_moments(struct store_tx *tx, const int64_t *ids, size_t n, store_run_moment_cb cb, void *ctx,
			     struct error *e)
{
	const struct store_actions_ops *ops;

	STORE_READ_CALL(tx, e);
	ops = tx->s->ops->actions;
	if (n == 0)
		return 0;
	if (ops->action_moments)
		return ops->action_moments(tx, ids, n, cb, ctx, e);
	for (size_t i = 0; i < n; i++) {
		char state[ACTION_STATE_MAX + 1];
		timestamp_t at = 0;
		int ret = ops->action_moment(tx, ids[i], state, sizeof(state), &at, e);
		if (ret < 0)
			return ret;
		if (ret == 1) {
			ret = cb(ctx, ids[i], state, at);
			if (ret != 0)
				return ret;
		}
	}
	return 0;
}

int store_run_credit_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t as_of,
			  store_run_credit_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->credit_each(tx, from_customer, to_customer, as_of, cb, ctx, e);
}

int store_run_credit_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, store_run_credit_cb cb,
			void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (n == 0)
		return 0;
	return tx->s->ops->actions->credit_of(tx, ids, n, as_of, cb, ctx, e);
}

int store_run_day_charges_each(struct store_tx *tx, date_t day, store_run_credit_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->day_charges_each(tx, day, 0, cb, ctx, e);
}

int store_run_day_charges_of(struct store_tx *tx, date_t day, int64_t customer_id, store_run_credit_cb cb, void *ctx,
			     struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (customer_id <= 0)
		return error_set(e, ERR_INPUT, "day charges: no customer");
	return tx->s->ops->actions->day_charges_each(tx, day, customer_id, cb, ctx, e);
}

int store_run_start(struct store_tx *tx, date_t run_date, timestamp_t at, char *state, size_t size, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->run_start(tx, run_date, at, state, size, e);
}

int store_run_finish(struct store_tx *tx, date_t run_date, timestamp_t at, const char *summary, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->run_finish(tx, run_date, at, summary, e);
}

int store_run_cancelled_add(struct store_tx *tx, date_t run_date, int64_t n, int64_t *total, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->run_cancelled_add(tx, run_date, n, total, e);
}

int store_run_counts_each(struct store_tx *tx, date_t run_date, store_run_count_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->run_counts_each(tx, run_date, cb, ctx, e);
}

int store_actions_each(struct store_tx *tx, const struct action_filter *f, store_action_cb cb, void *ctx,
		       struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->each(tx, f, cb, ctx, e);
}

int store_snapshot_put(struct store_tx *tx, date_t run_date, const struct snapshot_row *rows, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->snapshot_put(tx, run_date, rows, n, e);
}

int store_snapshots_each(struct store_tx *tx, date_t from, date_t to, store_snapshot_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->snapshots_each(tx, from, to, cb, ctx, e);
}

int store_run_lock(struct store *s, int64_t tenant, struct error *e)
{
	if (s->tx)
		return error_set(e, ERR_ENV, "store: the run lock is taken outside a transaction");
	return s->ops->actions->lock(s, tenant, e);
}

void store_run_unlock(struct store *s, int64_t tenant)
{
	if (s)
		s->ops->actions->unlock(s, tenant);
}

int store_run_last(struct store_tx *tx, struct run_last *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->run_last(tx, out, e);
}

int store_run_steps_recorded(struct store_tx *tx, const struct run_step_key *keys, size_t n, unsigned char *found,
			     struct error *e)
{
	STORE_READ_CALL(tx, e);
	return n ? tx->s->ops->actions->steps_recorded(tx, keys, n, found, e) : 0;
}

int store_run_recorded_of(struct store_tx *tx, const struct run_invoice_key *keys, size_t n, store_run_recorded_cb cb,
			  void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return n ? tx->s->ops->actions->recorded_of(tx, keys, n, cb, ctx, e) : 0;
}

int store_run_hold_cancelled_of(struct store_tx *tx, const int64_t *ids, size_t n, store_run_redo_cb cb, void *ctx,
				struct error *e)
{
	STORE_READ_CALL(tx, e);
	return n ? tx->s->ops->actions->hold_cancelled_of(tx, ids, n, cb, ctx, e) : 0;
}

int store_action_redo(struct store_tx *tx, int64_t id, const struct action_record *a, const struct action_invoice *more,
		      size_t n_more, const int64_t *held, size_t n_held, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->redo(tx, id, a, more, n_more, held, n_held, e);
}

int store_runs_each(struct store_tx *tx, store_run_row_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->runs_each(tx, cb, ctx, e);
}

int store_run_put(struct store_tx *tx, const struct run_row *r, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->run_put(tx, r, e);
}

int store_actions_copy_list(struct store_tx *tx, struct store_cursor *cur, store_action_copy_cb cb, void *ctx,
			    struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->copy_list(tx, cur, cb, ctx, e);
}

int store_actions_copy_add(struct store_tx *tx, struct action_record *a, size_t n,
			   const struct action_copy_invoice *inv, const size_t *n_inv, int64_t above, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return n ? tx->s->ops->actions->copy_add(tx, a, n, inv, n_inv, above, e) : 0;
}

int store_actions_last_id(struct store_tx *tx, int64_t *id, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->last_id(tx, id, e);
}

int store_run_watch_state_get(struct store_tx *tx, char *version, size_t size, struct error *e)
{
	if (size)
		version[0] = '\0';
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->watch_state_get(tx, version, size, e);
}

int store_run_watch_state_put(struct store_tx *tx, const char *version, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->watch_state_put(tx, version, e);
}

int store_run_watch_reset(struct store_tx *tx, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->actions->watch_reset(tx, e);
}

int store_run_dirty_each(struct store_tx *tx, store_run_id_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->dirty_each(tx, cb, ctx, e);
}

int store_run_watched_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->watched_each(tx, as_of, cb, ctx, e);
}

int store_run_due_desc_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->due_desc_each(tx, as_of, cb, ctx, e);
}

int store_run_page_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, timestamp_t since,
		      const struct run_page_cb *cb, struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (n == 0)
		return 0;
	return tx->s->ops->actions->page_of(tx, ids, n, as_of, since, cb, e);
}

int store_run_watch_put(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	if (n == 0)
		return 0;
	return tx->s->ops->actions->watch_put(tx, rows, n, e);
}

int store_run_watch_cover(struct store_tx *tx, const int64_t *ids, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	if (!tx->s->ops->actions->watch_cover)
		return 0;
	return tx->s->ops->actions->watch_cover(tx, ids, n, e);
}

int store_run_watch_each(struct store_tx *tx, int64_t after, size_t limit, store_run_watch_cb cb, void *ctx,
			 struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->actions->watch_each(tx, after, limit ? (int64_t)limit : INT64_MAX, cb, ctx, e);
}
