/*
 * credit.c: see credit.h.
 */
#include "app/credit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "store/parties.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int find_customer(struct store_tx *tx, const char *ref, struct customer *cu, struct error *e)
{
	int ret = store_customer_get(tx, or_empty(ref), cu, NULL, e);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", or_empty(ref));
	return ret < 0 ? ret : 0;
}

int credit_policy_in(struct store_tx *tx, struct credit_policy *p, struct error *e)
{
	int ret = store_credit_policy_get(tx, p, e);
	if (ret == 0 && p->overdue_days <= 0)
		p->overdue_days = CREDIT_OVERDUE_DAYS_DEFAULT;
	return ret;
}

static int policy_days(struct store_tx *tx, int *days, struct error *e)
{
	struct credit_policy p;
	int ret = credit_policy_in(tx, &p, e);
	*days = p.overdue_days;
	return ret;
}

static void add_reason(struct credit_answer *a, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_reason(struct credit_answer *a, const char *code, const char *fmt, ...)
{
	struct credit_reason *r = &a->reasons[a->n_reasons++];
	va_list ap;
	r->code = code;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
}

/* Every reason to refuse, in the order of credit.h. */
static void judge(const struct app_ctx *ctx, struct credit_answer *a)
{
	int exp = currency_exponent(a->currency);
	char x[32], y[32], z[32];

	if (a->open_balance + a->amount > a->credit_limit)
		add_reason(a, "over_limit", "the open balance %s plus %s is above the credit limit %s %s",
			   money_format(a->open_balance, exp, x, sizeof(x)), money_format(a->amount, exp, y, sizeof(y)),
			   money_format(a->credit_limit, exp, z, sizeof(z)), a->currency);
	if (a->on_hold)
		add_reason(a, "on_hold", "customer '%s' is on credit hold", a->customer_ref);
	if (a->days_overdue > a->overdue_days)
		add_reason(a, "seriously_overdue", "an open invoice is %d days overdue (policy: more than %d)",
			   a->days_overdue, a->overdue_days);
	if (!a->terms.application_signed)
		add_reason(a, "no_signed_application", "no signed credit application is recorded");
	if (!a->terms.references_checked)
		add_reason(a, "references_not_checked", "the references were not checked");
	a->approve = a->n_reasons == 0;
	(void)ctx;
}

int credit_check(const struct app_ctx *ctx, const char *customer_ref, const char *amount, struct credit_answer *out,
		 struct error *e)
{
	struct customer cu;
	struct credit_hold h;
	date_t oldest = 0;
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret < 0)
		return ret;
	memset(out, 0, sizeof(*out));
	ret = find_customer(tx, customer_ref, &cu, e);
	if (ret == 0 && money_parse(or_empty(amount), currency_exponent(cu.currency), &out->amount, e) < 0) {
		char why[sizeof(e->message)];
		snprintf(why, sizeof(why), "%s", e->message);
		ret = error_set_field(e, ERR_INPUT, "amount",
				      "amount: %s (an amount in %s, the currency of customer '%s')", why, cu.currency,
				      cu.ref);
	}
	if (ret == 0 && out->amount <= 0)
		ret = error_set_field(e, ERR_INPUT, "amount", "amount '%s' must be more than zero", amount);
	if (ret == 0)
		ret = store_credit_exposure(tx, cu.id, cu.currency, &out->open_balance, &oldest, e);
	if (ret == 0)
		ret = store_credit_hold_current(tx, cu.id, &h, e);
	if (ret >= 0) {
		out->on_hold = ret;
		ret = store_credit_terms_get(tx, cu.id, &out->terms, e);
	}
	if (ret >= 0)
		ret = policy_days(tx, &out->overdue_days, e);
	store_tx_free(tx);
	if (ret < 0)
		return ret;
	snprintf(out->customer_ref, sizeof(out->customer_ref), "%s", cu.ref);
	snprintf(out->currency, sizeof(out->currency), "%s", cu.currency);
	out->credit_limit = cu.credit_limit;
	out->days_overdue = oldest && oldest < ctx->today ? (int)(ctx->today - oldest) : 0;
	judge(ctx, out);
	return 0;
}

static json_t *hold_json(const char *customer_ref, const struct credit_request *rq, const char *by)
{
	return json_pack("{s:s, s:s, s:s}", "customer_ref", customer_ref, "reason", or_empty(rq->reason), "by", by);
}

/* Checks, then runs `write` on the customer in one write transaction with its audit entry. */
static int credit_write(const struct app_ctx *ctx, const struct credit_request *rq, const char *action, int hold,
			struct error *e)
{
	const char *by = rq->by ? rq->by : ctx->actor;
	timestamp_t at = rq->at ? rq->at : ctx->now;
	struct customer cu;
	struct credit_hold h = { 0 }, cur;
	struct store_tx *tx = NULL;
	int64_t n = 0;
	int ret;

	if (app_check_text("by", by, NAME_MAX_LEN, e) < 0 ||
	    app_check_text("reason", or_empty(rq->reason), TEXT_MAX, e) < 0 ||
	    app_check_not_future(ctx, "at", at, e) < 0)
		return -ERR_INPUT;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	ret = find_customer(tx, rq->customer_ref, &cu, e);
	if (ret == 0)
		ret = store_credit_hold_current(tx, cu.id, &cur, e);
	if (ret == 1 && hold)
		ret = error_set_field(e, ERR_CONFLICT, "customer_ref", "customer '%s' is on credit hold already",
				      cu.ref);
	else if (ret == 0 && !hold)
		ret = error_set_field(e, ERR_CONFLICT, "customer_ref", "customer '%s' is not on credit hold", cu.ref);
	else if (ret > 0)
		ret = 0;
	if (ret == 0 && hold) {
		h.customer_id = cu.id;
		snprintf(h.source, sizeof(h.source), "hand");
		h.set_at = at;
		snprintf(h.set_by, sizeof(h.set_by), "%s", by);
		snprintf(h.reason, sizeof(h.reason), "%s", or_empty(rq->reason));
		ret = store_credit_hold_add(tx, &h, e);
	} else if (ret == 0) {
		ret = store_credit_hold_release(tx, cu.id, at, by, or_empty(rq->reason), &n, e);
	}
	if (ret == 0) {
		json_t *o = hold_json(cu.ref, rq, by);
		ret = app_audit(ctx, tx, action, "customer", cu.ref, hold ? NULL : o, hold ? o : NULL, e);
		json_decref(o);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

int credit_hold(const struct app_ctx *ctx, const struct credit_request *rq, struct error *e)
{
	return credit_write(ctx, rq, "credit.hold", 1, e);
}

int credit_release(const struct app_ctx *ctx, const struct credit_request *rq, struct error *e)
{
	return credit_write(ctx, rq, "credit.release", 0, e);
}

static json_t *terms_json(const struct credit_terms *t)
{
	char a[DATE_TEXT_MAX] = "", r[DATE_TEXT_MAX] = "";
	if (t->application_signed)
		date_format(t->application_signed, a, sizeof(a));
	if (t->references_checked)
		date_format(t->references_checked, r, sizeof(r));
	return json_pack("{s:s, s:s}", "credit_application_signed", a, "references_checked", r);
}

static int check_terms_date(const char *name, date_t d, date_t today, struct error *e)
{
	if (d <= today)
		return 0;
	/* the field is the term's name (references_checked); the CLI shows its option */
	error_set(e, ERR_INPUT, "%s is after the day it is recorded", name);
	app_error_field(e, name);
	return -ERR_INPUT;
}

int credit_terms_set(const struct app_ctx *ctx, const struct credit_request *rq, date_t application_signed,
		     date_t references_checked, struct error *e)
{
	const char *by = rq->by ? rq->by : ctx->actor;
	timestamp_t at = rq->at ? rq->at : ctx->now;
	struct customer cu;
	struct credit_terms before, t;
	struct store_tx *tx = NULL;
	int ret;

	if (app_check_text("by", by, NAME_MAX_LEN, e) < 0 || app_check_not_future(ctx, "at", at, e) < 0 ||
	    check_terms_date("application_signed", application_signed, timestamp_date_utc(at), e) < 0 ||
	    check_terms_date("references_checked", references_checked, timestamp_date_utc(at), e) < 0)
		return -ERR_INPUT;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	ret = find_customer(tx, rq->customer_ref, &cu, e);
	if (ret == 0)
		ret = store_credit_terms_get(tx, cu.id, &before, e);
	if (ret >= 0) {
		t = before;
		if (application_signed >= 0)
			t.application_signed = application_signed;
		if (references_checked >= 0)
			t.references_checked = references_checked;
		ret = store_credit_terms_put(tx, &t, e);
	}
	if (ret == 0) {
		json_t *b = terms_json(&before), *a = terms_json(&t);
		ret = app_audit(ctx, tx, "credit.terms", "customer", cu.ref, b, a, e);
		json_decref(b);
		json_decref(a);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

int credit_policy_set(const struct app_ctx *ctx, int overdue_days, int nsf_fee_bp, struct error *e)
{
	struct store_tx *tx = NULL;
	struct credit_policy before, p;
	int ret;

	if (overdue_days != -1 && (overdue_days < 1 || overdue_days > 3650))
		return error_set_field(e, ERR_INPUT, "overdue_days", "overdue_days must be 1 to 3650");
	if (nsf_fee_bp != -1 && (nsf_fee_bp < 0 || nsf_fee_bp > 10000))
		return error_set_field(e, ERR_INPUT, "nsf_fee_bp", "nsf_fee_bp must be 0 to 10000");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = credit_policy_in(tx, &before, e);
	if (ret == 0) {
		p = before;
		if (overdue_days != -1)
			p.overdue_days = overdue_days;
		if (nsf_fee_bp != -1)
			p.nsf_fee_bp = nsf_fee_bp;
		ret = store_credit_policy_put(tx, &p, e);
	}
	if (ret == 0) {
		json_t *b = json_pack("{s:i, s:i}", "overdue_days", before.overdue_days, "nsf_fee_bp",
				      before.nsf_fee_bp);
		json_t *a = json_pack("{s:i, s:i}", "overdue_days", p.overdue_days, "nsf_fee_bp", p.nsf_fee_bp);
		ret = app_audit(ctx, tx, "credit.policy", "credit_policy", "", b, a, e);
		json_decref(b);
		json_decref(a);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

int credit_policy_get(const struct app_ctx *ctx, struct credit_policy *p, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = credit_policy_in(tx, p, e);
	store_tx_free(tx);
	return ret;
}

/*
 * The holds of the credit_hold actions not yet read (since the mark), and
 * with `lift` those lifted: every customer's (customers NULL) or those of the
 * customers given.
 */
static int review(const struct app_ctx *ctx, date_t as_of, int lift, const int64_t *customers, size_t n_customers,
		  struct error *e)
{
	struct store_tx *tx = NULL;
	int64_t set = 0, lifted = 0;
	int days = 0;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);

	if (ret < 0)
		return ret;
	ret = store_credit_holds_from_actions(tx, as_of, ctx->now, "run", &set, e);
	if (ret == 0 && lift)
		ret = policy_days(tx, &days, e);
	/* seriously overdue: due more than `days` before as_of, so due before as_of - days */
	if (ret == 0 && lift)
		ret = store_credit_holds_lift(tx, customers, n_customers, as_of, as_of - days, ctx->now, "run",
					      "back within the credit policy", &lifted, e);
	if (ret == 0 && (set || lifted)) {
		char day[DATE_TEXT_MAX];
		json_t *o = json_pack("{s:s, s:I, s:I}", "as_of", date_format(as_of, day, sizeof(day)), "set",
				      (json_int_t)set, "lifted", (json_int_t)lifted);
		ret = app_audit(ctx, tx, "credit.review", "credit_hold", "", NULL, o, e);
		json_decref(o);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

int credit_review(const struct app_ctx *ctx, date_t as_of, struct error *e)
{
	return review(ctx, as_of, 0, NULL, 0, e);
}

int credit_review_walked(const struct app_ctx *ctx, date_t as_of, const int64_t *customers, size_t n_customers,
			 struct error *e)
{
	return review(ctx, as_of, 1, customers, n_customers, e);
}

static json_t *money_json(int64_t v, const char *currency)
{
	char buf[MONEY_TEXT_MAX];
	return json_string(money_format(v, currency_exponent(currency), buf, sizeof(buf)));
}

json_t *credit_answer_json(const struct credit_answer *a)
{
	json_t *o = json_object(), *rs = json_array();

	if (!o || !rs) {
		json_decref(o);
		json_decref(rs);
		return NULL;
	}
	json_object_set_new(o, "customer_ref", json_string(a->customer_ref));
	json_object_set_new(o, "amount", money_json(a->amount, a->currency));
	json_object_set_new(o, "currency", json_string(a->currency));
	json_object_set_new(o, "open_balance", money_json(a->open_balance, a->currency));
	json_object_set_new(o, "credit_limit", money_json(a->credit_limit, a->currency));
	json_object_set_new(o, "days_overdue", json_integer(a->days_overdue));
	json_object_set_new(o, "decision", json_string(a->approve ? "approve" : "refuse"));
	for (size_t i = 0; i < a->n_reasons; i++)
		json_array_append_new(
			rs, json_pack("{s:s, s:s}", "code", a->reasons[i].code, "message", a->reasons[i].message));
	json_object_set_new(o, "reasons", rs);
	return o;
}
