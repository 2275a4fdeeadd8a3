/*
 * audit.c: forwarders of store/audit.h to the backend.
 */
#include "store/audit.h"

#include "store/store_int.h"

int store_audit_add(struct store_tx *tx, struct audit_entry *a, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->audit->add(tx, a, e);
}

int store_audit_each(struct store_tx *tx, const struct audit_filter *f, store_audit_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->audit->each(tx, f, cb, ctx, e);
}
