/*
 * customer_view.c: see customer_view.h.
 */
#include "app/customer_view.h"

#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "app/risk.h"
#include "core/money.h"
#include "store/ledger.h"

/* Appending to the view's lists; a callback returns 1 when out of memory. */
struct gather {
	struct customer_view *v;
	size_t cap_contacts, cap_invoices, cap_flags, cap_changes;
	int overflow;
};

static int add_contact(void *ctx, const struct contact *c)
{
	struct gather *g = ctx;
	if (array_grow(&g->v->contacts, &g->cap_contacts, g->v->n_contacts, sizeof(*c)) < 0)
		return 1;
	g->v->contacts[g->v->n_contacts++] = *c;
	return 0;
}

static int add_invoice(void *ctx, const struct invoice *inv)
{
	struct gather *g = ctx;
	struct customer_view *v = g->v;

	if (array_grow(&v->invoices, &g->cap_invoices, v->n_invoices, sizeof(*inv)) < 0)
		return 1;
	v->invoices[v->n_invoices++] = *inv;
	if (customer_view_issued_later(v, inv)) {
		v->n_later++; /* not owed yet: listed, not summed */
		return 0;
	}
	v->n_open++;
	if (money_add(v->owed, inv->balance, &v->owed) < 0)
		g->overflow = 1;
	return 0;
}

static int add_flag(void *ctx, const struct flag_record *f)
{
	struct gather *g = ctx;
	if (array_grow(&g->v->flags, &g->cap_flags, g->v->n_flags, sizeof(*f)) < 0)
		return 1;
	g->v->flags[g->v->n_flags++] = *f;
	return 0;
}

static int add_change(void *ctx, const struct change_record *c)
{
	struct gather *g = ctx;
	if (array_grow(&g->v->changes, &g->cap_changes, g->v->n_changes, sizeof(*c)) < 0)
		return 1;
	g->v->changes[g->v->n_changes++] = *c;
	return 0;
}

/* A store read whose callback ran out of memory returned 1. */
static int read_ret(int ret, struct error *e)
{
	return ret > 0 ? error_set(e, ERR_ENV, "out of memory") : ret;
}

int customer_view_issued_later(const struct customer_view *v, const struct invoice *inv)
{
	return inv->issue_date > v->as_of;
}

/* Days past due and net, from the open invoices issued by as_of (add_invoice summed them) and the credit. */
static int sums(const struct app_ctx *ctx, struct gather *g, struct error *e)
{
	struct customer_view *v = g->v;
	date_t oldest_due = 0;
	int any = 0;

	if (g->overflow)
		return error_set(e, ERR_INPUT, "customer '%s': the open balance overflows", v->customer.ref);
	for (size_t i = 0; i < v->n_invoices; i++) {
		if (customer_view_issued_later(v, &v->invoices[i]))
			continue;
		if (!any || v->invoices[i].due_date < oldest_due)
			oldest_due = v->invoices[i].due_date;
		any = 1;
	}
	v->days_past_due = any && ctx->today > oldest_due ? (int)(ctx->today - oldest_due) : 0;
	if (money_sub(v->owed, v->unapplied_credit, &v->net) < 0)
		return error_set(e, ERR_INPUT, "customer '%s': the net balance overflows", v->customer.ref);
	return 0;
}

int customer_view_load(const struct app_ctx *ctx, const char *ref, struct customer_view *out, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = customer_view_load_tx(ctx, tx, ref, out, e);
	store_tx_free(tx);
	return ret;
}

int customer_view_load_tx(const struct app_ctx *ctx, struct store_tx *tx, const char *ref, struct customer_view *out,
			  struct error *e)
{
	struct gather g = { out, 0, 0, 0, 0, 0 };
	struct customer *cu = &out->customer;
	int ret;

	/*
	 * A past day's view (--as-of before the clock's day): the balances and
	 * the credit as they stood at its end, rebuilt from the dated ledger as
	 * `aging --as-of` rebuilds them; the view listed today's with the
	 * invoices issued by then, owed 400.00 where that day's aging said 1500.00.
	 */
	int past;

	memset(out, 0, sizeof(*out));
	out->as_of = ctx->today;
	past = ctx->now && out->as_of < timestamp_date_utc(ctx->now);
	ret = store_customer_get(tx, ref ? ref : "", cu, NULL, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", ref);
	if (ret < 0)
		goto cleanup;
	ret = past ? store_unapplied_credit_at(tx, cu->id, cu->currency, out->as_of, &out->unapplied_credit, e)
		   : store_unapplied_credit(tx, cu->id, cu->currency, &out->unapplied_credit, e);
	if (ret < 0)
		goto cleanup;
	ret = read_ret(store_contacts_of_customer(tx, cu->id, add_contact, &g, e), e);
	if (ret < 0)
		goto cleanup;
	ret = read_ret(
		past ? store_open_invoices_of_customer_at(tx, cu->id, cu->currency, out->as_of, add_invoice, &g, e)
		     : store_open_invoices_of_customer(tx, cu->id, cu->currency, add_invoice, &g, e),
		e);
	if (ret < 0)
		goto cleanup;
	ret = read_ret(store_flags_each(tx, cu->id, add_flag, &g, e), e);
	if (ret < 0)
		goto cleanup;
	ret = read_ret(store_changes_each(tx, cu->id, CUSTOMER_VIEW_CHANGES, add_change, &g, e), e);
	if (ret < 0)
		goto cleanup;
	ret = risk_of_customer(ctx, tx, cu->id, ctx->today, &out->risk, e);
	if (ret < 0)
		goto cleanup;
	ret = sums(ctx, &g, e);
cleanup:
	if (ret < 0)
		customer_view_release(out);
	return ret;
}

void customer_view_release(struct customer_view *v)
{
	if (!v)
		return;
	free(v->contacts);
	free(v->invoices);
	free(v->flags);
	free(v->changes);
	memset(v, 0, sizeof(*v));
}
