/*
 * strategies.c: forwarders of store/strategies.h (stored strategies, defaults per kind) to the backend.
 */
#include "store/store_int.h"

int store_strategy_get(struct store_tx *tx, const char *name, char **json, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->strategies->get(tx, name, json, e);
}

int store_strategy_put(struct store_tx *tx, const char *name, const char *json, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->strategies->put(tx, name, json, e);
}

int store_strategies_each(struct store_tx *tx, store_strategy_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->strategies->each(tx, cb, ctx, e);
}

int store_strategy_default(struct store_tx *tx, enum customer_kind kind, char *out, size_t size, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->strategies->default_get(tx, kind, out, size, e);
}

int store_strategy_set_default(struct store_tx *tx, enum customer_kind kind, const char *name, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->strategies->default_set(tx, kind, name, e);
}
