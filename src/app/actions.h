/*
 * actions.h: what the daily runs decided (`recoup actions`), one row per
 * action with the refs of the invoices it covers, by run date then id.
 */
#ifndef RECOUP_APP_ACTIONS_H
#define RECOUP_APP_ACTIONS_H

#include <stddef.h>

#include "app/app.h"
#include "store/actions.h"

struct actions_filter {
	date_t run_date;          /* 0: any */
	const char *customer_ref; /* NULL: any */
	const char *kind;         /* NULL: any; else a step action (core/strategy.h) */
	const char *state;        /* NULL: any; scheduled, done, refused, superseded, cancelled */
};

/* Pointers valid during the callback. */
struct actions_row {
	const struct action_record *a;
	const char *const *invoice_refs; /* by ref */
	size_t n_invoices;
};
typedef int (*actions_cb)(void *ctx, const struct actions_row *row);

/*
 * Lists the actions that match. -ERR_USAGE for an unknown kind or state,
 * -ERR_NOT_FOUND for an unknown customer, -ERR_ENV for the database. A
 * callback returning non-zero stops the list (-ERR_ENV unless it set e).
 */
int actions_list(const struct app_ctx *ctx, const struct actions_filter *f, actions_cb cb, void *cb_ctx,
		 struct error *e);

#endif
