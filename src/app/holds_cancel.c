/* holds_cancel.c: waiting actions the account's holds now cover, cancelled (holds_cancel.h). */
#include "app/holds_cancel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plans.h"
#include "core/array.h"
#include "store/actions.h"
#include "store/holds.h"
#include "store/ledger.h"

/*
 * What holds_cancel_waiting reads: the customer's open invoices in the
 * currency, or in every currency (id, ref, currency), its current holds,
 * and its scheduled actions in that currency (or any), each with whether it
 * lists an open invoice no hold covers.
 */
struct waiting {
	const char *currency; /* NULL: every currency */
	struct open_ref {
		int64_t id;
		char ref[REF_MAX + 1];
		char currency[4];
	} * open;
	size_t n_open, cap_open;
	struct hold *holds;
	size_t n_holds, cap_holds;
	struct waiting_action {
		int64_t id;
		unsigned char open_listed; /* lists an open invoice */
		unsigned char free;        /* lists an open invoice no hold covers */
	} * acts;                          /* every one: an account may wait on hundreds (returned payments, runs) */
	size_t n, cap;
};

static int on_open_ref(void *ctx, const struct invoice *inv)
{
	struct waiting *w = ctx;
	if (array_grow(&w->open, &w->cap_open, w->n_open, sizeof(*w->open)) < 0)
		return -ERR_ENV;
	w->open[w->n_open].id = inv->id;
	snprintf(w->open[w->n_open].currency, sizeof(w->open->currency), "%s", inv->currency);
	snprintf(w->open[w->n_open++].ref, sizeof(w->open->ref), "%s", inv->ref);
	return 0;
}

static int on_current_hold(void *ctx, const struct hold *h)
{
	struct waiting *w = ctx;
	if (array_grow(&w->holds, &w->cap_holds, w->n_holds, sizeof(*w->holds)) < 0)
		return -ERR_ENV;
	w->holds[w->n_holds++] = *h;
	return 0;
}

/* Whether a current hold keeps the strategy off open invoice `o` for an action of `strategy` (as the run asks). */
static int is_held(const struct waiting *w, const struct open_ref *o, const char *strategy)
{
	for (size_t i = 0; i < w->n_holds; i++) {
		const struct hold *h = &w->holds[i];
		if (!hold_in_currency(h, o->currency))
			continue;
		if ((h->invoice_id == 0 || h->invoice_id == o->id) && !plans_spares(h, strategy))
			return 1;
	}
	return 0;
}

static int on_waiting(void *ctx, const struct action_record *ar, const char *invoice_ref)
{
	struct waiting *w = ctx;

	if (w->currency && strcmp(ar->currency, w->currency))
		return 0;
	if (!w->n || w->acts[w->n - 1].id != ar->id) {
		if (array_grow(&w->acts, &w->cap, w->n, sizeof(*w->acts)) < 0)
			return -ERR_ENV;
		w->acts[w->n].id = ar->id;
		w->acts[w->n].open_listed = w->acts[w->n].free = 0;
		w->n++;
	}
	for (size_t i = 0; i < w->n_open; i++)
		if (!strcmp(w->open[i].ref, invoice_ref)) {
			w->acts[w->n - 1].open_listed = 1;
			if (!is_held(w, &w->open[i], ar->strategy))
				w->acts[w->n - 1].free = 1;
		}
	return 0;
}

int holds_cancel_waiting(struct store_tx *tx, const struct app_ctx *ctx, int64_t customer_id, const char *currency,
			 const char *code, const char *reason, timestamp_t at, struct error *e)
{
	struct action_filter f = { 0 };
	struct waiting w = { .currency = currency };
	int ret;

	f.customer_id = customer_id;
	f.state = "scheduled";
	if (currency)
		ret = store_open_invoices_of_customer(tx, customer_id, currency, on_open_ref, &w, e);
	else
		ret = store_open_invoices_by_customer(tx, customer_id, customer_id, on_open_ref, &w, e);
	if (ret == 0)
		ret = store_holds_each(tx, customer_id, customer_id, ctx->now, ctx->today, on_current_hold, &w, e);
	if (ret == 0)
		ret = store_actions_each(tx, &f, on_waiting, &w, e);
	if (ret > 0 || (ret < 0 && !e->code))
		ret = error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < w.n && ret >= 0; i++)
		if (w.acts[i].open_listed && !w.acts[i].free)
			ret = store_action_set_state(tx, w.acts[i].id, "cancelled", code, reason, at, e);
	free(w.open);
	free(w.holds);
	free(w.acts);
	return ret < 0 ? ret : 0;
}

const char *holds_cancel_reason(const char *kind, char *buf, size_t size)
{
	if (!strcmp(kind, "placed"))
		snprintf(buf, size, "the strategy waits while the account is placed with an agency");
	else if (!strcmp(kind, "special"))
		snprintf(buf, size, "the strategy waits while the account is in special handling (bankruptcy, death)");
	else
		snprintf(buf, size, "the strategy waits while a %s holds the invoices it listed", kind);
	return buf;
}
