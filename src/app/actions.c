/*
 * actions.c: listing what the daily runs decided, an action with its invoices per row.
 */
#include "app/actions.h"

#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/strategy.h"
#include "store/parties.h"

static const char *const states[] = { "scheduled", "done", "refused", "superseded", "cancelled", NULL };

struct group {
	struct action_record a;
	char (*refs)[REF_MAX + 1];
	const char **ptrs;
	size_t n, cap, cap_ptrs;
	actions_cb cb;
	void *cb_ctx;
	struct error *e;
};

static int flush(struct group *g)
{
	struct actions_row row;

	if (g->n == 0)
		return 0;
	if (array_grow(&g->ptrs, &g->cap_ptrs, g->n - 1, sizeof(*g->ptrs)) < 0)
		return error_set(g->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < g->n; i++)
		g->ptrs[i] = g->refs[i];
	row.a = &g->a;
	row.invoice_refs = g->ptrs;
	row.n_invoices = g->n;
	g->n = 0;
	return g->cb(g->cb_ctx, &row);
}

static int on_row(void *ctx, const struct action_record *a, const char *invoice_ref)
{
	struct group *g = ctx;
	int ret;

	if (g->n && g->a.id != a->id) {
		ret = flush(g);
		if (ret != 0)
			return ret;
	}
	if (g->n == 0)
		g->a = *a;
	if (array_grow(&g->refs, &g->cap, g->n, sizeof(*g->refs)) < 0)
		return error_set(g->e, ERR_ENV, "out of memory");
	snprintf(g->refs[g->n++], sizeof(g->refs[0]), "%s", invoice_ref);
	return 0;
}

static int check_filter(const struct actions_filter *f, struct error *e)
{
	enum step_action k;
	int known = 0;

	if (f->kind && step_action_parse(f->kind, &k, NULL) < 0)
		return error_set_field(e, ERR_USAGE, "kind",
				       "kind: unknown kind '%s' (email, sms, letter, call, visit, fee, interest, "
				       "credit_hold, place_with_agency, legal_review or write_off_review)",
				       f->kind);
	for (size_t i = 0; f->state && states[i]; i++)
		known |= !strcmp(states[i], f->state);
	if (f->state && !known)
		return error_set_field(e, ERR_USAGE, "state",
				       "state: unknown state '%s' (scheduled, done, refused, superseded or cancelled)",
				       f->state);
	return 0;
}

int actions_list(const struct app_ctx *ctx, const struct actions_filter *f, actions_cb cb, void *cb_ctx,
		 struct error *e)
{
	struct group g = { .cb = cb, .cb_ctx = cb_ctx, .e = e };
	struct action_filter sf = { f->run_date, 0, f->kind, f->state };
	struct store_tx *tx = NULL;
	int ret = check_filter(f, e);

	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0 && f->customer_ref) {
		struct customer c;
		ret = store_customer_get(tx, f->customer_ref, &c, NULL, e);
		if (ret == 0)
			ret = error_set_field(e, ERR_NOT_FOUND, "customer", "unknown customer '%s'", f->customer_ref);
		else if (ret > 0) {
			sf.customer_id = c.id;
			ret = 0;
		}
	}
	if (ret == 0)
		ret = store_actions_each(tx, &sf, on_row, &g, e);
	if (ret == 0)
		ret = flush(&g);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "listing actions stopped");
	store_tx_free(tx);
	free(g.refs);
	free(g.ptrs);
	return ret;
}
