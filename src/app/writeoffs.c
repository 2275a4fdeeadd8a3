/*
 * writeoffs.c: see writeoffs.h.
 */
#include "app/writeoffs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "core/money.h"
#include "store/parties.h"
#include "store/users.h"

static int request(const struct app_ctx *ctx, struct store_tx *tx, const struct writeoff_request *rq, timestamp_t at,
		   struct agreement *a, struct error *e)
{
	struct agreement_scope s;
	struct user u;
	int ret = agreement_user(tx, "by_user", rq->user ? rq->user : ctx->actor, &u, e);

	memset(&s, 0, sizeof(s));
	if (ret == 0)
		ret = agreement_scope_resolve(tx, rq->customer_ref, rq->invoice_refs, rq->n_invoice_refs, rq->currency,
					      &s, e);
	if (ret == 0)
		ret = agreement_scope_issued(&s, at, e);
	if (ret == 0) {
		memset(a, 0, sizeof(*a));
		snprintf(a->kind, sizeof(a->kind), "write_off");
		a->customer_id = s.customer.id;
		snprintf(a->customer_ref, sizeof(a->customer_ref), "%s", s.customer.ref);
		snprintf(a->currency, sizeof(a->currency), "%s", s.currency);
		snprintf(a->state, sizeof(a->state), "pending_approval");
		a->balance = a->amount = s.balance;
		snprintf(a->reason, sizeof(a->reason), "%s", rq->reason);
		a->made_at = at;
		snprintf(a->made_by, sizeof(a->made_by), "%s", u.name);
		ret = store_agreement_add(tx, a, s.invs, s.n, NULL, 0, e);
	}
	if (ret == 0)
		ret = agreement_audit(ctx, tx, "writeoff.request", NULL, a, e);
	agreement_scope_free(&s);
	return ret;
}

int writeoffs_request(const struct app_ctx *ctx, const struct writeoff_request *rq, struct agreement *out,
		      struct error *e)
{
	timestamp_t at = rq->at ? rq->at : ctx->now;
	struct store_tx *tx = NULL;
	struct agreement a;
	int ret = 0;

	if (!rq->reason || !rq->reason[0])
		return error_set_field(e, ERR_USAGE, "reason", "a write-off needs --reason TEXT");
	ret = app_check_text("reason", rq->reason, AGREEMENT_REASON_MAX, e);
	if (ret == 0 && rq->at)
		ret = app_check_not_future(ctx, "at", rq->at, e);
	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = request(ctx, tx, rq, at, &a, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret == 0 && out)
		*out = a;
	return ret;
}

struct recovered {
	int64_t *ids, *amounts;
	size_t n, cap, at;
	writeoff_cb cb;
	void *cbctx;
};

static int on_recovered(void *ctx, int64_t id, int64_t paid)
{
	struct recovered *r = ctx;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		int64_t *ids = realloc(r->ids, cap * sizeof(*ids)), *amounts;
		if (!ids)
			return -ERR_ENV;
		r->ids = ids;
		amounts = realloc(r->amounts, cap * sizeof(*amounts));
		if (!amounts)
			return -ERR_ENV;
		r->amounts = amounts;
		r->cap = cap;
	}
	r->ids[r->n] = id;
	r->amounts[r->n++] = paid;
	return 0;
}

static int on_writeoff(void *ctx, const struct agreement *a)
{
	struct recovered *r = ctx;
	/* both walks are by id: one pass */
	while (r->at < r->n && r->ids[r->at] < a->id)
		r->at++;
	return r->cb(r->cbctx, a, r->at < r->n && r->ids[r->at] == a->id ? r->amounts[r->at] : 0);
}

int writeoffs_list(const struct app_ctx *ctx, const char *customer_ref, writeoff_cb cb, void *cbctx, struct error *e)
{
	struct recovered r = { NULL, NULL, 0, 0, 0, cb, cbctx };
	struct agreement_filter f = { "write_off", NULL, 0 };
	struct store_tx *tx = NULL;
	struct customer c;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0 && customer_ref) {
		ret = store_customer_get(tx, customer_ref, &c, NULL, e);
		if (ret == 0)
			ret = error_set_field(e, ERR_NOT_FOUND, "customer", "customer '%s' not found", customer_ref);
		f.customer_id = c.id;
		ret = ret < 0 ? ret : 0;
	}
	if (ret == 0)
		ret = store_agreements_paid(tx, "write_off", "posted", f.customer_id, ctx->today, on_recovered, &r, e);
	if (ret == 0)
		ret = store_agreements_each(tx, &f, on_writeoff, &r, e);
	if (ret < 0 && !e->code)
		ret = error_set(e, ERR_ENV, "out of memory");
	store_tx_free(tx);
	free(r.ids);
	free(r.amounts);
	return ret;
}

json_t *writeoffs_json(const struct agreement *a, int64_t recovered)
{
	char b[MONEY_TEXT_MAX];
	json_t *o = agreement_json(a);

	if (o)
		json_object_set_new(o, "recovered",
				    json_string(money_format(recovered, currency_exponent(a->currency), b, sizeof(b))));
	return o;
}
