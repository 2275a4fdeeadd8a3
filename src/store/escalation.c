/*
 * escalation.c: forwarders of store/escalation.h to the backend.
 */
#include "store/escalation.h"

#include "store/store_int.h"

#define ESC(tx) ((tx)->s->ops->escalation)

int store_placement_add(struct store_tx *tx, struct placement *p, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return ESC(tx)->placement_add(tx, p, e);
}

int store_placements_active(struct store_tx *tx, int64_t customer_id, store_placement_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->placements_active(tx, customer_id, cb, ctx, e);
}

int store_placement_recall(struct store_tx *tx, int64_t id, timestamp_t at, const char *by, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return ESC(tx)->placement_recall(tx, id, at, by, e);
}

int store_placement_reviews_each(struct store_tx *tx, int64_t customer_id, store_placement_review_cb cb, void *ctx,
				 struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->placement_reviews(tx, customer_id, cb, ctx, e);
}

int store_placement_history(struct store_tx *tx, int64_t customer_id, struct placement_history *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->placement_history(tx, customer_id, out, e);
}

int store_recovery_each(struct store_tx *tx, date_t from, date_t to, store_recovery_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->recovery(tx, from, to, cb, ctx, e);
}

int store_legal_event_add(struct store_tx *tx, int64_t customer_id, const char *state, timestamp_t at, const char *by,
			  int64_t *id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return ESC(tx)->legal_event_add(tx, customer_id, state, at, by, id, e);
}

int store_legal_accounts_each(struct store_tx *tx, store_legal_account_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->legal_accounts(tx, cb, ctx, e);
}

int store_legal_state(struct store_tx *tx, int64_t customer_id, char *state, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->legal_state(tx, customer_id, state, e);
}

int store_escalation_setting_get(struct store_tx *tx, const char *name, char *out, size_t size, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->setting_get(tx, name, out, size, e);
}

int store_escalation_setting_put(struct store_tx *tx, const char *name, const char *value, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return ESC(tx)->setting_put(tx, name, value, e);
}

int store_contact_stats_each(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_stat_cb cb, void *ctx,
			     struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->contact_stats(tx, from, to, cb, ctx, e);
}

int store_collector_money_each(struct store_tx *tx, date_t from, date_t to, store_collector_money_cb cb, void *ctx,
			       struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->collector_money(tx, from, to, cb, ctx, e);
}

int store_collector_promises_each(struct store_tx *tx, timestamp_t from, timestamp_t to, store_collector_promises_cb cb,
				  void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->collector_promises(tx, from, to, cb, ctx, e);
}

int store_collector_money_of(struct store_tx *tx, const char *collector, date_t from, date_t to,
			     store_collector_money_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->collector_money_of(tx, collector, from, to, cb, ctx, e);
}

int store_contact_breaches_each(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_breach_cb cb,
				void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->contact_breaches(tx, from, to, cb, ctx, e);
}

int store_placements_each(struct store_tx *tx, store_placement_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->placements_each(tx, cb, ctx, e);
}

int store_legal_events_each(struct store_tx *tx, store_legal_event_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return ESC(tx)->legal_events_each(tx, cb, ctx, e);
}
