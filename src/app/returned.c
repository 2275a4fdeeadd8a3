/*
 * returned.c: see returned.h.
 */
#include "app/returned.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/money.h"
#include "store/actions.h"
#include "store/parties.h"
#include "store/returned.h"

struct returned {
	struct returned_entry *rows;
	size_t n, cap;
};

static int on_returned(void *ctx, const struct returned_entry *r)
{
	struct returned *rs = ctx;
	if (array_grow(&rs->rows, &rs->cap, rs->n, sizeof(*rs->rows)) < 0)
		return -ERR_ENV;
	rs->rows[rs->n++] = *r;
	return 0;
}

/* The contact who pays the bills, else the first: who the call and the letter go to. */
static int on_contact(void *ctx, const struct contact *c)
{
	struct contact *best = ctx;
	if (!best->id || (c->pays_bills && !best->pays_bills))
		*best = *c;
	return 0;
}

/* The call and the letter of one payment, on the invoices [r, r + n) it reopened. */
static int record(const struct app_ctx *ctx, struct store_tx *tx, const struct returned_entry *r, size_t n,
		  date_t as_of, struct error *e)
{
	static const char *const kinds[] = { "call", "letter" };
	struct action_invoice inv[16];
	struct contact k = { 0 };
	struct action_record a = { 0 };
	char amt[32], day[DATE_TEXT_MAX];
	int ret = store_contacts_of_customer(tx, r->customer_id, on_contact, &k, e);

	if (ret < 0)
		return ret;
	if (n > sizeof(inv) / sizeof(inv[0]))
		n = sizeof(inv) / sizeof(inv[0]); /* a payment spread over more invoices: the step names the first */
	a.run_date = as_of;
	a.customer_id = r->customer_id;
	a.contact_id = k.id;
	snprintf(a.currency, sizeof(a.currency), "%s", r->currency);
	for (size_t i = 0; i < n; i++)
		a.amount += r[i].amount;
	snprintf(a.strategy, sizeof(a.strategy), RETURNED_STRATEGY_PREFIX "%lld", (long long)r->payment_id);
	snprintf(a.step, sizeof(a.step), "returned_payment");
	a.scheduled_at = (timestamp_t)as_of * 86400;
	snprintf(a.state, sizeof(a.state), "scheduled");
	snprintf(a.reason_code, sizeof(a.reason_code), "nsf");
	snprintf(a.reason, sizeof(a.reason), "payment '%s' of %s %s returned on %s", r->payment_ref,
		 money_format(a.amount, currency_exponent(r->currency), amt, sizeof(amt)), r->currency,
		 date_format(r->date, day, sizeof(day)));
	a.created_at = a.updated_at = ctx->now;
	for (size_t k2 = 0; k2 < 2 && ret >= 0; k2++) {
		snprintf(a.kind, sizeof(a.kind), "%s", kinds[k2]);
		/* one step per payment, a key per action: the invoice's step names the action's kind */
		for (size_t i = 0; i < n; i++) {
			inv[i].invoice_id = r[i].invoice_id;
			snprintf(inv[i].step, sizeof(inv[i].step), "returned_payment-%s", kinds[k2]);
		}
		a.id = 0;
		ret = store_action_add(tx, &a, inv, n, e);
	}
	if (ret == 0) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "payment_ref", r->payment_ref, "amount", amt, "currency",
				      r->currency, "returned_date", day);
		ret = app_audit(ctx, tx, "payment.returned", "payment", r->payment_ref, NULL, o, e);
		json_decref(o);
	}
	return ret;
}

int returned_review(const struct app_ctx *ctx, date_t as_of, struct error *e)
{
	struct returned rs = { 0 };
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);

	if (ret < 0)
		return ret;
	ret = store_returned_each(tx, as_of - RETURNED_WINDOW_DAYS, as_of, on_returned, &rs, e);
	if (ret == -ERR_ENV && !e->message[0])
		ret = error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < rs.n && ret >= 0;) {
		size_t j = i;
		while (j < rs.n && rs.rows[j].payment_id == rs.rows[i].payment_id)
			j++;
		ret = record(ctx, tx, &rs.rows[i], j - i, as_of, e);
		i = j;
	}
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
	free(rs.rows);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}
