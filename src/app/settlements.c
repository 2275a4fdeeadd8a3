/*
 * settlements.c: see settlements.h.
 */
#include "app/settlements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "app/authority.h"
#include "app/holds_cancel.h"
#include "core/money.h"
#include "store/holds.h"
#include "store/users.h"

/* "fees,principal" from the bits. */
static void waive_text(int bits, char *buf, size_t size)
{
	static const char *const names[] = { "fees", "interest", "principal" };
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (bits & (1 << i))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "", names[i]);
}

static int waive_bits(const char *text)
{
	char buf[AGREEMENT_WAIVE_MAX + 1];
	int bits = 0;
	snprintf(buf, sizeof(buf), "%s", text);
	for (char *p = buf, *comma; p && *p; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		bits |= authority_waive_bit(p);
	}
	return bits;
}

/*
 * What the offer waives, taken from the fees and interest first (what the
 * balance holds beyond the invoices' amounts) when it may waive them, then
 * from the principal. *used the bits it needs.
 */
static int split_waived(int64_t waived, int64_t balance, int64_t principal, int allowed, int64_t *principal_waived,
			int *used, const char *currency, struct error *e)
{
	int64_t charges = balance - principal, from_charges = 0;
	char b1[MONEY_TEXT_MAX + 8];

	*used = 0;
	if (allowed & (WAIVE_FEES | WAIVE_INTEREST)) {
		from_charges = waived < charges ? waived : charges;
		if (from_charges > 0)
			*used |= allowed & (WAIVE_FEES | WAIVE_INTEREST);
	}
	*principal_waived = waived - from_charges;
	if (*principal_waived > 0 && !(allowed & WAIVE_PRINCIPAL))
		return error_set_field(e, ERR_INPUT, "waive",
				       "--pay waives %s of principal: --waive principal is needed",
				       agreement_money(*principal_waived, currency, b1, sizeof(b1)));
	if (*principal_waived > 0)
		*used |= WAIVE_PRINCIPAL;
	return 0;
}

static int check_request(const struct app_ctx *ctx, const struct settlement_request *rq, timestamp_t at,
			 struct error *e)
{
	char d1[DATE_TEXT_MAX], d2[DATE_TEXT_MAX];
	if (!rq->pay)
		return error_set_field(e, ERR_USAGE, "pay", "a settlement needs --pay AMOUNT");
	if (!rq->pay_by)
		return error_set_field(e, ERR_USAGE, "by", "a settlement needs --by DATE");
	if (rq->at && app_check_not_future(ctx, "at", rq->at, e) < 0)
		return -ERR_INPUT;
	if (rq->pay_by < (date_t)(at / 86400))
		return error_set_field(e, ERR_INPUT, "by", "by %s is before the offer (%s)",
				       date_format(rq->pay_by, d1, sizeof(d1)),
				       date_format((date_t)(at / 86400), d2, sizeof(d2)));
	if (rq->pay_by > (date_t)(at / 86400) + SETTLEMENT_HORIZON_DAYS)
		return error_set_field(e, ERR_INPUT, "by",
				       "by %s is more than %d days after the offer (%s): agree a payment plan instead",
				       date_format(rq->pay_by, d1, sizeof(d1)), SETTLEMENT_HORIZON_DAYS,
				       date_format((date_t)(at / 86400), d2, sizeof(d2)));
	return 0;
}

int settlements_cancel_waiting(const struct app_ctx *ctx, struct store_tx *tx, const struct agreement *a,
			       struct error *e)
{
	return holds_cancel_waiting(tx, ctx, a->customer_id, a->currency, "settlement",
				    "the strategy waits while a settlement holds the invoices it listed",
				    a->decided_at ? a->decided_at : a->made_at, e);
}

struct offer {
	struct agreement_scope s;
	struct user u;
	int64_t pay, principal_waived;
	int used;
	char why[300];
};

static int beyond(const struct settlement_request *rq, struct offer *o, struct error *e)
{
	char b1[MONEY_TEXT_MAX + 8], pct[32];
	/*
	 * the share waived in hundredths of a percent, rounded up: 501 of 5001 is
	 * 10.02%, not the "10%" a truncation printed beside a limit of 10%
	 */
	__int128 num = (__int128)o->principal_waived * 10000;
	int64_t bp = o->s.principal ? (int64_t)((num + o->s.principal - 1) / o->s.principal) : 0;

	if (bp % 100 == 0)
		snprintf(pct, sizeof(pct), "%lld%%", (long long)(bp / 100));
	else
		snprintf(pct, sizeof(pct), "%lld.%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
	return error_set_field(e, ERR_FORBIDDEN, "pay",
			       "settlement beyond the authority of %s '%s': %s; this offer waives %s of principal "
			       "(%s)%s",
			       o->u.role, o->u.name, o->why,
			       agreement_money(o->principal_waived, o->s.currency, b1, sizeof(b1)), pct,
			       rq->request_approval ? "" : "; --request-approval sends it to the approval queue");
}

static int offer(const struct app_ctx *ctx, struct store_tx *tx, const struct settlement_request *rq, timestamp_t at,
		 struct offer *o, struct agreement *a, struct error *e)
{
	char b1[MONEY_TEXT_MAX + 8];
	json_t *doc = NULL;
	int allowed = 0;
	int ret = agreement_user(tx, "by_user", rq->user ? rq->user : ctx->actor, &o->u, e);

	if (ret == 0)
		ret = agreement_scope_resolve(tx, rq->customer_ref, rq->invoice_refs, rq->n_invoice_refs, rq->currency,
					      &o->s, e);
	if (ret == 0)
		ret = agreement_scope_issued(&o->s, at, e);
	if (ret == 0)
		ret = agreement_scope_check(tx, at, &o->s, "a settlement", "settlement", e);
	if (ret == 0)
		ret = agreement_parse_amount("pay", rq->pay, o->s.currency, &o->pay, e);
	if (ret == 0 && (o->pay <= 0 || o->pay >= o->s.balance))
		ret = error_set_field(e, ERR_INPUT, "pay", "pay must be above 0 and below the balance of %s",
				      agreement_money(o->s.balance, o->s.currency, b1, sizeof(b1)));
	if (ret == 0)
		ret = split_waived(o->s.balance - o->pay, o->s.balance, o->s.principal,
				   rq->waive ? rq->waive : WAIVE_FEES | WAIVE_INTEREST | WAIVE_PRINCIPAL,
				   &o->principal_waived, &o->used, o->s.currency, e);
	if (ret == 0)
		ret = authority_load(tx, &doc, e);
	if (ret == 0)
		allowed = authority_allows(doc, o->u.role, o->s.customer.kind, o->s.currency, o->s.balance,
					   o->s.principal, o->principal_waived, o->used, o->why, sizeof(o->why));
	json_decref(doc);
	if (ret == 0 && !allowed && !rq->request_approval)
		ret = beyond(rq, o, e);
	if (ret < 0)
		return ret;
	memset(a, 0, sizeof(*a));
	snprintf(a->kind, sizeof(a->kind), "settlement");
	a->customer_id = o->s.customer.id;
	snprintf(a->customer_ref, sizeof(a->customer_ref), "%s", o->s.customer.ref);
	snprintf(a->currency, sizeof(a->currency), "%s", o->s.currency);
	snprintf(a->state, sizeof(a->state), "%s", allowed ? "current" : "pending_approval");
	a->balance = o->s.balance;
	a->amount = o->pay;
	a->pay_by = rq->pay_by;
	waive_text(o->used, a->waive, sizeof(a->waive));
	if (!allowed)
		snprintf(a->reason, sizeof(a->reason), "beyond the authority of %s '%s': %s", o->u.role, o->u.name,
			 o->why);
	a->made_at = at;
	snprintf(a->made_by, sizeof(a->made_by), "%s", o->u.name);
	ret = store_agreement_add(tx, a, o->s.invs, o->s.n, NULL, 0, e);
	if (ret == 0 && allowed)
		ret = agreement_hold_invoices(tx, a, o->s.invs, o->s.n, "settlement", at, a->pay_by, e);
	if (ret == 0 && allowed)
		ret = settlements_cancel_waiting(ctx, tx, a, e);
	if (ret == 0)
		ret = agreement_audit(ctx, tx, allowed ? "settlement.offer" : "settlement.request", NULL, a, e);
	return ret;
}

int settlements_offer(const struct app_ctx *ctx, const struct settlement_request *rq, struct agreement *out,
		      struct error *e)
{
	timestamp_t at = rq->at ? rq->at : ctx->now;
	struct store_tx *tx = NULL;
	struct offer o;
	struct agreement a;
	int ret = check_request(ctx, rq, at, e);

	memset(&o, 0, sizeof(o));
	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = offer(ctx, tx, rq, at, &o, &a, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	agreement_scope_free(&o.s);
	if (ret == 0 && out)
		*out = a;
	return ret;
}

struct principal {
	int64_t principal;
};

static int on_principal(void *ctx, const struct agreement_invoice *ai)
{
	struct principal *p = ctx;
	p->principal += ai->balance < ai->amount ? ai->balance : ai->amount;
	return 0;
}

int settlements_principal(struct store_tx *tx, const struct agreement *a, int64_t *principal, int64_t *principal_waived,
			  struct error *e)
{
	struct principal p = { 0 };
	int64_t waived = a->balance - a->amount, charges;
	int ret = store_agreement_invoices(tx, a->id, on_principal, &p, e);
	if (ret < 0)
		return ret;
	charges = a->balance - p.principal;
	*principal = p.principal;
	*principal_waived = waived;
	if (waive_bits(a->waive) & (WAIVE_FEES | WAIVE_INTEREST))
		*principal_waived -= waived < charges ? waived : charges;
	return 0;
}

/* ---- the daily review ---- */

struct paid_row {
	int64_t id, paid;
};

struct review {
	struct paid_row *rows;
	size_t n, cap;
};

static int on_paid(void *ctx, int64_t id, int64_t paid)
{
	struct review *r = ctx;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct paid_row *grown = realloc(r->rows, cap * sizeof(*grown));
		if (!grown)
			return -ERR_ENV;
		r->rows = grown;
		r->cap = cap;
	}
	r->rows[r->n++] = (struct paid_row){ id, paid };
	return 0;
}

struct current {
	struct agreement *rows;
	size_t n, cap;
};

static int on_current(void *ctx, const struct agreement *a)
{
	struct current *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct agreement *grown = realloc(c->rows, cap * sizeof(*grown));
		if (!grown)
			return -ERR_ENV;
		c->rows = grown;
		c->cap = cap;
	}
	c->rows[c->n++] = *a;
	return 0;
}

static int64_t paid_of(const struct review *r, int64_t id)
{
	for (size_t lo = 0, hi = r->n; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->rows[mid].id == id)
			return r->rows[mid].paid;
		if (r->rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int settle(const struct app_ctx *ctx, struct store_tx *tx, struct agreement *a, int64_t paid, date_t as_of,
		  struct error *e)
{
	struct agreement before = *a;
	char b1[MONEY_TEXT_MAX + 8], b2[MONEY_TEXT_MAX + 8];
	int64_t written = 0;
	int ret = 0;

	if (paid >= a->amount) {
		ret = agreement_write_off_rest(tx, a, as_of, &written, e);
		snprintf(a->state, sizeof(a->state), "paid");
		snprintf(a->end_reason, sizeof(a->end_reason),
			 "paid %s by the date; %s written off under settlement %lld",
			 agreement_money(paid, a->currency, b1, sizeof(b1)),
			 agreement_money(written, a->currency, b2, sizeof(b2)), (long long)a->id);
	} else if (as_of > a->pay_by) {
		snprintf(a->state, sizeof(a->state), "lapsed");
		snprintf(a->end_reason, sizeof(a->end_reason), "paid %s of %s by the date",
			 agreement_money(paid, a->currency, b1, sizeof(b1)),
			 agreement_money(a->amount, a->currency, b2, sizeof(b2)));
	} else {
		return 0;
	}
	a->ended_at = agreement_review_moment(ctx, as_of);
	if (a->ended_at < a->made_at)
		a->ended_at = a->made_at;
	if (ret == 0)
		ret = store_agreement_update(tx, a, "current", 0, e);
	if (ret == 1)
		ret = store_holds_end(tx, "settlement", a->id, a->ended_at, a->state, NULL, e);
	if (ret == 0)
		ret = agreement_audit(ctx, tx, !strcmp(a->state, "paid") ? "settlement.paid" : "settlement.lapse",
				      &before, a, e);
	return ret;
}

static int review(const struct app_ctx *ctx, struct store_tx *tx, date_t as_of, struct error *e)
{
	struct agreement_filter f = { "settlement", "current", 0 };
	struct review r = { 0 };
	struct current c = { 0 };
	int ret = store_agreements_paid(tx, "settlement", "current", 0, as_of, on_paid, &r, e);

	if (ret == 0)
		ret = store_agreements_each(tx, &f, on_current, &c, e);
	if (ret < 0 && !e->code)
		ret = error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < c.n && ret == 0; i++)
		ret = settle(ctx, tx, &c.rows[i], paid_of(&r, c.rows[i].id), as_of, e);
	free(r.rows);
	free(c.rows);
	return ret;
}

int settlements_review(const struct app_ctx *ctx, date_t as_of, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = review(ctx, tx, as_of, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}
