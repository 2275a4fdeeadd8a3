/*
 * returned.c: see returned.h.
 */
#include "app/returned.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/credit.h"
#include "app/parties.h"
#include "app/rules_ctx.h"
#include "core/array.h"
#include "core/money.h"
#include "core/profile.h"
#include "store/actions.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/returned.h"

struct returned {
	struct returned_entry *rows;
	size_t n, cap;
	struct credit_policy policy;
	struct rules_ctx *rules; /* loaded for the first fee: the customers' profiles */
};

static int on_returned(void *ctx, const struct returned_entry *r)
{
	struct returned *rs = ctx;
	if (array_grow(&rs->rows, &rs->cap, rs->n, sizeof(*rs->rows)) < 0)
		return -ERR_ENV;
	rs->rows[rs->n++] = *r;
	return 0;
}

/* The invoices a dispute holds, and whether the whole account is in special handling. */
struct no_fee {
	int special;
	int64_t disputed[16];
	size_t n;
};

static int on_hold(void *ctx, const struct hold *h)
{
	struct no_fee *nf = ctx;
	if (!strcmp(h->kind, "special"))
		nf->special = 1;
	else if (!strcmp(h->kind, "dispute") && nf->n < sizeof(nf->disputed) / sizeof(nf->disputed[0]))
		nf->disputed[nf->n++] = h->invoice_id;
	return 0;
}

static int disputed(const struct no_fee *nf, int64_t invoice)
{
	for (size_t i = 0; i < nf->n; i++)
		if (nf->disputed[i] == invoice)
			return 1;
	return 0;
}

/*
 * The fee of one reopened invoice: the policy's basis points of the amount
 * returned, capped as the run caps a fee step (the profile's fee_max_bp of
 * the invoice's amount); none on a disputed invoice or a bankrupt or
 * deceased debtor's account, as the run charges none there.
 */
static int64_t fee_of(const struct returned_entry *r, int bp, const struct profile *p, const struct no_fee *nf)
{
	__int128 fee = (__int128)r->amount * bp / 10000;
	if (nf->special || disputed(nf, r->invoice_id))
		return 0;
	if (p && p->has_charges && fee > (__int128)r->invoice_amount * p->fee_max_bp / 10000)
		fee = (__int128)r->invoice_amount * p->fee_max_bp / 10000;
	return (int64_t)fee;
}

/*
 * The fees not posted for the ledger's limit: as the daily run's fee and
 * interest steps (app/run.c, docs/strategies.md "Fees and interest"), a fee
 * never takes an invoice's balance beyond MONEY_AMOUNT_MAX, the largest
 * amount recoup keeps. The policy may ask up to 100% of the amount returned:
 * on an invoice of 9,000,000,000,000.00 reopened whole, a fee as large again
 * was posted, a balance no payment could settle. Such a fee is not posted
 * (not capped: a capped figure is one no policy gives, and the cause is most
 * often a mistyped amount); the fee action says so, reason_code
 * amount_limit, done for the invoices charged, refused when none was.
 */
struct over_limit {
	size_t n;                    /* invoices whose fee was not posted */
	char first_ref[REF_MAX + 1]; /* the first one */
	int64_t amount;              /* its fee */
};

/* Whether a fee of `amount` on an invoice of `balance`, added to the action's `*total`, stays within the limits. */
static int within_limit(int64_t balance, int64_t amount, int64_t *total)
{
	int64_t sum;

	if (amount > MONEY_AMOUNT_MAX - (balance > 0 ? balance : 0) || __builtin_add_overflow(*total, amount, &sum))
		return 0;
	*total = sum;
	return 1;
}

static void amount_limited(struct action_record *a, const struct over_limit *o, size_t posted)
{
	int exp = currency_exponent(a->currency);
	char amount[MONEY_TEXT_MAX], max[MONEY_TEXT_MAX];

	money_format(o->amount, exp, amount, sizeof(amount));
	money_format(MONEY_AMOUNT_MAX, exp, max, sizeof(max));
	snprintf(a->reason_code, sizeof(a->reason_code), "amount_limit");
	if (!posted) {
		/* as the run's refused charge: nothing was done, at no moment */
		snprintf(a->state, sizeof(a->state), "refused");
		a->scheduled_at = TIMESTAMP_NONE;
		a->local_time[0] = '\0';
	}
	if (o->n == 1)
		snprintf(
			a->reason, sizeof(a->reason),
			"a fee of %s %s on invoice '%s' would take its balance beyond %s %s, the largest amount recoup "
			"keeps: not posted (a mistyped amount?)",
			amount, a->currency, o->first_ref, max, a->currency);
	else
		snprintf(a->reason, sizeof(a->reason),
			 "a fee on %zu invoices (the first, '%s': %s %s) would take their balances beyond %s %s, the "
			 "largest amount recoup keeps: not posted on them",
			 o->n, o->first_ref, amount, a->currency, max, a->currency);
}

/*
 * A fee posted on an invoice that a later payment of the same review
 * reopened too: that payment's row must see the balance with the fee in it.
 */
static void carry(struct returned *rs, const struct returned_entry *after, int64_t invoice_id, int64_t fee)
{
	for (size_t i = (size_t)(after - rs->rows); i < rs->n; i++)
		if (rs->rows[i].invoice_id == invoice_id)
			rs->rows[i].balance += fee; /* within MONEY_AMOUNT_MAX: within_limit said so */
}

/*
 * The fee action of one payment (LEDGER_FEE entries through the ledger, an
 * action "fee" done), on the invoices [r, r + n) of rs->rows; an action
 * "fee" refused when every fee would take its invoice beyond the limit.
 */
static int charge(const struct app_ctx *ctx, struct store_tx *tx, struct returned *rs, const struct returned_entry *r,
		  size_t n, struct action_record *a, struct error *e)
{
	struct ledger_entry les[16];
	struct action_invoice inv[16];
	const struct profile *p = NULL;
	struct no_fee nf = { 0 };
	struct over_limit over = { 0 };
	struct customer cu;
	int64_t total = 0;
	size_t m = 0, k = 0;
	int ret = store_customer_by_id(tx, r->customer_id, &cu, e);

	if (ret < 0)
		return ret;
	if (!rs->rules && rules_ctx_load(tx, &rs->rules, e) < 0)
		return -ERR_ENV;
	if (rules_ctx_customer_profile(rs->rules, &cu, &p, NULL) < 0)
		p = NULL; /* no profile applies: no cap but the policy's */
	ret = store_holds_each(tx, cu.id, cu.id, ctx->now, a->run_date, on_hold, &nf, e);
	if (ret < 0)
		return ret;
	a->amount = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t fee = fee_of(&r[i], rs->policy.nsf_fee_bp, p, &nf);
		if (fee <= 0)
			continue;
		inv[k].invoice_id = r[i].invoice_id;
		snprintf(inv[k].step, sizeof(inv[k].step), RETURNED_STEP "-fee");
		k++;
		if (!within_limit(r[i].balance, fee, &total)) {
			if (over.n++ == 0) {
				snprintf(over.first_ref, sizeof(over.first_ref), "%s", r[i].invoice_ref);
				over.amount = fee;
			}
			continue;
		}
		memset(&les[m], 0, sizeof(les[m]));
		les[m].customer_id = r->customer_id;
		les[m].invoice_id = r[i].invoice_id;
		les[m].kind = LEDGER_FEE;
		les[m].amount = fee;
		snprintf(les[m].currency, sizeof(les[m].currency), "%s", r->currency);
		les[m].date = a->run_date;
		a->amount = total;
		m++;
	}
	if (!k)
		return 0;
	if (m) {
		ret = store_ledger_post(tx, les, m, 0, e);
		if (ret < 0)
			return ret;
		for (size_t i = 0; i < m; i++)
			carry(rs, r + n, les[i].invoice_id, les[i].amount);
	}
	snprintf(a->kind, sizeof(a->kind), "fee");
	snprintf(a->state, sizeof(a->state), "done");
	if (over.n)
		amount_limited(a, &over, m);
	a->contact_id = 0;
	a->id = 0;
	return store_action_add(tx, a, inv, k, e);
}

/* The call and the letter of one payment, on the invoices [r, r + n) it reopened, and its fee if any. */
static int record(const struct app_ctx *ctx, struct store_tx *tx, struct returned *rs, const struct returned_entry *r,
		  size_t n, date_t as_of, struct error *e)
{
	static const char *const kinds[] = { "call", "letter" };
	struct action_invoice inv[16];
	struct contact k = { 0 };
	struct action_record a = { 0 };
	char amt[32], day[DATE_TEXT_MAX];
	int ret = store_contacts_of_customer(tx, r->customer_id, parties_best_contact, &k, e);

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
	snprintf(a.step, sizeof(a.step), RETURNED_STEP);
	a.scheduled_at = (timestamp_t)as_of * 86400;
	snprintf(a.state, sizeof(a.state), "scheduled");
	snprintf(a.reason_code, sizeof(a.reason_code), "nsf");
	snprintf(a.reason, sizeof(a.reason), "payment '%s' of %s %s returned on %s", r->payment_ref,
		 money_format(a.amount, currency_exponent(r->currency), amt, sizeof(amt)), r->currency,
		 date_format(r->date, day, sizeof(day)));
	a.created_at = a.updated_at = ctx->now;
	for (size_t k2 = 0; k2 < 2 && ret >= 0; k2++) {
		snprintf(a.kind, sizeof(a.kind), "%s", kinds[k2]);
		snprintf(a.reason_code, sizeof(a.reason_code), "nsf");
		snprintf(a.reason, sizeof(a.reason), "payment '%s' of %s %s returned on %s", r->payment_ref, amt,
			 r->currency, day);
		ret = rules_ctx_schedule(&rs->rules, tx, &k, kinds[k2], as_of, &a, e);
		if (ret < 0)
			break;
		/* one step per payment, a key per action: the invoice's step names the action's kind */
		for (size_t i = 0; i < n; i++) {
			inv[i].invoice_id = r[i].invoice_id;
			snprintf(inv[i].step, sizeof(inv[i].step), RETURNED_STEP "-%s", kinds[k2]);
		}
		a.id = 0;
		ret = store_action_add(tx, &a, inv, n, e);
	}
	if (ret == 0 && rs->policy.nsf_fee_bp > 0)
		ret = charge(ctx, tx, rs, r, n, &a, e);
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
	ret = credit_policy_in(tx, &rs.policy, e);
	if (ret == 0)
		ret = store_returned_each(tx, as_of - RETURNED_WINDOW_DAYS, as_of, on_returned, &rs, e);
	if (ret == -ERR_ENV && !e->message[0])
		ret = error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < rs.n && ret >= 0;) {
		size_t j = i;
		while (j < rs.n && rs.rows[j].payment_id == rs.rows[i].payment_id)
			j++;
		ret = record(ctx, tx, &rs, &rs.rows[i], j - i, as_of, e);
		i = j;
	}
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
	free(rs.rows);
	rules_ctx_free(rs.rules);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}
