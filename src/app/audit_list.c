/*
 * audit_list.c: see audit_list.h.
 */
#include "app/audit_list.h"

#include <string.h>

int audit_list(const struct app_ctx *ctx, const struct audit_list_options *o, store_audit_cb cb, void *arg,
	       struct error *e)
{
	struct audit_filter f = { 0 };
	struct store_tx *tx = NULL;
	int ret;

	if (o->user && app_check_text("user", o->user, AUDIT_ACTOR_MAX, e) < 0)
		return -ERR_INPUT;
	if (o->entity && app_check_text("entity", o->entity, AUDIT_ENTITY_MAX, e) < 0)
		return -ERR_INPUT;
	if (o->ref && app_check_text("ref", o->ref, AUDIT_REF_MAX, e) < 0)
		return -ERR_INPUT;
	f.since = o->since;
	f.actor = o->user;
	f.entity = o->entity;
	f.ref = o->ref;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_audit_each(tx, &f, cb, arg, e);
	store_tx_free(tx);
	return ret;
}
