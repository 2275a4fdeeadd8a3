/*
 * customer_view.h: what `recoup customer show` shows about one customer,
 * gathered in one read transaction (one snapshot) into a struct the front
 * end formats.
 *
 * Amounts are int64 minor units of the customer's currency; only invoices
 * in that currency are counted (an invoice in another currency would need
 * a rate). `net` is what is owed less the cash the customer paid that is
 * not applied to an invoice yet: a customer holding credit is not as
 * overdue as its open invoices alone say.
 *
 * The lists are malloc'ed and owned by the view: customer_view_release()
 * frees them (and accepts a view that failed to load or was never loaded,
 * when it was set to CUSTOMER_VIEW_INIT). Every open invoice is held in
 * memory: one customer's, not the portfolio's.
 *
 * As of a day is as known on it (the aging's rule, docs/reports.md): an
 * invoice whose issue date is after `as_of` (imported ahead of time) is not
 * owed yet. It is listed (customer_view_issued_later() says so, and the
 * screens mark it "issued later") but counted in neither owed, net,
 * n_open nor days_past_due: a collector must not ask for money not yet
 * invoiced. n_later counts those invoices.
 */
#ifndef RECOUP_APP_CUSTOMER_VIEW_H
#define RECOUP_APP_CUSTOMER_VIEW_H

#include <stddef.h>

#include "app/app.h"
#include "core/risk.h"
#include "store/history.h"
#include "store/parties.h"

/* How many recent changes the view holds. */
#define CUSTOMER_VIEW_CHANGES 10

struct customer_view {
	struct customer customer;
	date_t as_of;             /* ctx->today: the day the sums are as known on */
	int64_t owed;             /* sum of the open balances of the invoices issued by as_of */
	size_t n_open;            /* open invoices issued by as_of */
	size_t n_later;           /* open invoices issued after as_of: listed, not owed yet */
	int days_past_due;        /* of the oldest due open invoice issued by as_of; 0 when none is late */
	int64_t unapplied_credit; /* >= 0 */
	int64_t net;              /* owed - unapplied_credit (negative: the customer holds credit) */
	struct contact *contacts; /* primary first */
	size_t n_contacts;
	struct invoice *invoices; /* open ones, oldest due first, those issued later too */
	size_t n_invoices;
	struct flag_record *flags; /* active ones, oldest first */
	size_t n_flags;
	struct change_record *changes; /* newest first, at most CUSTOMER_VIEW_CHANGES */
	size_t n_changes;
	struct risk_result risk; /* the risk band as of ctx->today, and why (app/risk.h) */
};
#define CUSTOMER_VIEW_INIT       \
	{                        \
		.contacts = NULL \
	}

/*
 * Loads the customer with `ref`. -ERR_NOT_FOUND (field "customer_ref") for
 * an unknown ref; -ERR_INPUT when a sum overflows; -ERR_ENV for the
 * database. On error the view holds nothing to free beyond what release
 * frees.
 */
int customer_view_load(const struct app_ctx *ctx, const char *ref, struct customer_view *out, struct error *e);
/*
 * The same in a transaction the caller opened (for tenant ctx->tenant), so
 * that a larger view (app/account_view) reads everything in one snapshot.
 */
int customer_view_load_tx(const struct app_ctx *ctx, struct store_tx *tx, const char *ref, struct customer_view *out,
			  struct error *e);
/* 1 when `inv` (one of v->invoices) is issued after v->as_of: listed, but not owed yet. */
int customer_view_issued_later(const struct customer_view *v, const struct invoice *inv);
/* Frees the lists and empties the view. */
void customer_view_release(struct customer_view *v);

#endif
