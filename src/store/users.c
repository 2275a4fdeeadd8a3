/*
 * users.c: forwarders of store/users.h to the backend.
 */
#include "store/users.h"

#include "store/store_int.h"

int store_user_insert(struct store_tx *tx, struct user *u, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->users->insert(tx, u, e);
}

int store_user_get(struct store_tx *tx, const char *name, struct user *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->users->get(tx, name, out, e);
}

int store_user_update(struct store_tx *tx, const struct user *u, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->users->update(tx, u, e);
}

int store_users_each(struct store_tx *tx, store_user_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->users->each(tx, cb, ctx, e);
}
