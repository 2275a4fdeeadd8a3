/*
 * special.h: special handling of a bankrupt or deceased debtor
 * (docs/agreements.md "Escalation").
 *
 * Setting the flag bankrupt or deceased (app/flags.c) writes, in the same
 * transaction, a hold of kind "special" on every account of the customer
 * (invoice 0, every currency; source_id: the flag's id): the daily run
 * gives its invoices no step from that moment, and what was waiting on it
 * is cancelled at once, code "special" (app/holds_cancel.h), as the run's
 * review would. Clearing the flag ends that hold. The contact rules do the
 * rest: no collection contact with a bankrupt debtor, and for a deceased
 * one only a contact whose role is estate (estate_representative,
 * executor, administrator).
 */
#ifndef RECOUP_APP_SPECIAL_H
#define RECOUP_APP_SPECIAL_H

#include "app/app.h"
#include "store/history.h"
#include "store/holds.h"

/* 1 when the flag named puts an account in special handling (bankrupt, deceased). */
int special_flag(const char *flag);

/* In the flag's transaction, after store_flag_add (f->id set): the hold, and what it holds cancelled. */
int special_flag_set(const struct app_ctx *ctx, struct store_tx *tx, const struct flag_record *f, struct error *e);
/*
 * In the flag's transaction, before store_flag_clear: ends the holds of
 * the customer's active flags of that kind, at `at`.
 */
int special_flag_cleared(const struct app_ctx *ctx, struct store_tx *tx, const struct flag_record *f, timestamp_t at,
			 struct error *e);

/* An account in special handling, as special_list hands it. */
struct special_row {
	char customer_ref[REF_MAX + 1];
	char name[NAME_MAX_LEN + 1];
	char flag[SHORT_MAX + 1]; /* bankrupt, deceased */
	timestamp_t since;
};
typedef int (*special_cb)(void *ctx, const struct special_row *r);

/* The accounts in special handling now (ctx->now), by customer: 0, the callback's nonzero return, or -ERR_*. */
int special_list(const struct app_ctx *ctx, special_cb cb, void *cb_ctx, struct error *e);

#endif
