/*
 * plans.c: see plans.h.
 */
#include "app/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "app/authority.h"
#include "app/holds_cancel.h"
#include "app/parties.h"
#include "app/rules_ctx.h"
#include "core/money.h"
#include "store/actions.h"
#include "store/holds.h"
#include "store/parties.h"
#include "store/ledger.h"

/* "YYYY-MM-DD:AMOUNT" into one instalment. */
static int parse_instalment(const char *text, const char *currency, struct agreement_instalment *out, struct error *e)
{
	const char *colon = strchr(text, ':');
	char day[DATE_TEXT_MAX + 1];

	if (!colon || colon - text > DATE_TEXT_MAX)
		return error_set_field(e, ERR_INPUT, "instalment", "instalment '%s': expected DATE:AMOUNT", text);
	snprintf(day, sizeof(day), "%.*s", (int)(colon - text), text);
	if (date_parse(day, &out->due, e) < 0)
		return error_set_field(e, ERR_INPUT, "instalment", "instalment '%s': '%s' is not a date (YYYY-MM-DD)",
				       text, day);
	return agreement_parse_amount("instalment", colon + 1, currency, &out->amount, e);
}

/* The instalments of the request, checked: dates on or after `from` and increasing, amounts > 0. */
static int build_instalments(const struct plan_request *rq, const char *currency, int64_t total, date_t from,
			     struct agreement_instalment *ins, size_t *n, struct error *e)
{
	char d1[DATE_TEXT_MAX], d2[DATE_TEXT_MAX];
	size_t count = rq->n_instalments ? rq->n_instalments : (size_t)rq->count;

	if (count < 1 || count > PLAN_INSTALMENTS_MAX)
		return error_set_field(e, ERR_INPUT, "count", "a plan has 1 to %d instalments, not %zu",
				       PLAN_INSTALMENTS_MAX, count);
	for (size_t k = 0; k < count; k++) {
		ins[k].seq = (int)k + 1;
		if (rq->n_instalments) {
			int ret = parse_instalment(rq->instalments[k], currency, &ins[k], e);
			if (ret < 0)
				return ret;
		} else {
			int week = !strcmp(rq->every, "week");
			ins[k].due = week ? rq->first + 7 * (date_t)k : date_add_months(rq->first, (int)k);
			/* exact split in minor units: the remainder goes on the last */
			ins[k].amount = total / (int64_t)count + (k + 1 == count ? total % (int64_t)count : 0);
		}
		if (ins[k].amount <= 0)
			return error_set_field(e, ERR_INPUT, "instalment", "instalment %zu: the amount must be above 0",
					       k + 1);
		if (ins[k].due < from)
			return error_set_field(
				e, ERR_INPUT, "instalment", "instalment %zu is due %s, before the plan (%s)", k + 1,
				date_format(ins[k].due, d1, sizeof(d1)), date_format(from, d2, sizeof(d2)));
		if (k && ins[k].due <= ins[k - 1].due)
			return error_set_field(e, ERR_INPUT, "instalment",
					       "instalment %zu is due %s, not after instalment %zu (%s)", k + 1,
					       date_format(ins[k].due, d1, sizeof(d1)), k,
					       date_format(ins[k - 1].due, d2, sizeof(d2)));
	}
	if (ins[0].due > from + PLAN_START_HORIZON_DAYS && rq->n_instalments)
		return error_set_field(e, ERR_INPUT, "instalment",
				       "instalment 1 is due %s, more than %d days after the plan (%s): a plan's "
				       "first instalment is due within a year",
				       date_format(ins[0].due, d1, sizeof(d1)), PLAN_START_HORIZON_DAYS,
				       date_format(from, d2, sizeof(d2)));
	if (ins[0].due > from + PLAN_START_HORIZON_DAYS)
		return error_set_field(e, ERR_INPUT, "first",
				       "first %s is more than %d days after the plan (%s): a plan's first instalment "
				       "is due within a year",
				       date_format(ins[0].due, d1, sizeof(d1)), PLAN_START_HORIZON_DAYS,
				       date_format(from, d2, sizeof(d2)));
	*n = count;
	return 0;
}

static int check_sum(const struct agreement_instalment *ins, size_t n, int64_t total, int64_t fees,
		     const char *currency, struct error *e)
{
	char b1[MONEY_TEXT_MAX + 8], b2[MONEY_TEXT_MAX + 8], b3[MONEY_TEXT_MAX + 8];
	int64_t sum = 0;

	for (size_t k = 0; k < n; k++)
		if (money_add(sum, ins[k].amount, &sum) < 0)
			return error_set_field(e, ERR_INPUT, "instalment", "the instalments add up to too much");
	if (sum == total)
		return 0;
	return error_set_field(e, ERR_INPUT, "instalment", "instalments add up to %s, %s %s the %s %s",
			       agreement_money(sum, currency, b1, sizeof(b1)),
			       agreement_money(sum < total ? total - sum : sum - total, currency, b2, sizeof(b2)),
			       sum < total ? "short of" : "over", agreement_money(total, currency, b3, sizeof(b3)),
			       fees ? "balance and fees" : "balance");
}

/* The agreed fees: a fee entry on the first covered invoice, so that the ledger owes what the plan covers. */
static int post_fees(struct store_tx *tx, struct agreement_scope *s, int64_t fees, date_t on, struct error *e)
{
	struct ledger_entry le = { 0 };
	if (!fees)
		return 0;
	le.customer_id = s->customer.id;
	le.invoice_id = s->invs[0].invoice_id;
	le.kind = LEDGER_FEE;
	le.amount = fees;
	snprintf(le.currency, sizeof(le.currency), "%s", s->currency);
	le.date = on;
	s->invs[0].balance += fees;
	return store_ledger_post(tx, &le, 1, 0, e);
}

static int check_request(const struct app_ctx *ctx, const struct plan_request *rq, struct error *e)
{
	if (rq->n_instalments && rq->count)
		return error_set_field(e, ERR_USAGE, "count", "give --instalment or --count, not both");
	if (!rq->n_instalments && !rq->count)
		return error_set_field(e, ERR_USAGE, "instalment",
				       "a plan needs --instalment DATE:AMOUNT or --count N");
	if (rq->count && (!rq->every || (strcmp(rq->every, "week") && strcmp(rq->every, "month"))))
		return error_set_field(e, ERR_INPUT, "every", "every '%s': week or month", rq->every ? rq->every : "");
	if (rq->count && !rq->first)
		return error_set_field(e, ERR_USAGE, "first", "--count needs --first DATE");
	return rq->at ? app_check_not_future(ctx, "at", rq->at, e) : 0;
}

static int add(const struct app_ctx *ctx, struct store_tx *tx, const struct plan_request *rq, struct agreement *a,
	       struct error *e)
{
	struct agreement_instalment ins[PLAN_INSTALMENTS_MAX];
	struct agreement_scope s;
	timestamp_t at = rq->at ? rq->at : ctx->now;
	date_t on = (date_t)(at / 86400);
	int64_t fees = 0, total;
	size_t n = 0;
	int ret = agreement_scope_resolve(tx, rq->customer_ref, rq->invoice_refs, rq->n_invoice_refs, rq->currency, &s,
					  e);

	if (ret == 0)
		ret = agreement_scope_issued(&s, at, e);
	if (ret == 0)
		ret = agreement_scope_check(tx, at, &s, "a plan", "plan", e);
	if (ret == 0 && rq->fees)
		ret = agreement_parse_amount("fees", rq->fees, s.currency, &fees, e);
	if (ret == 0 && fees < 0)
		ret = error_set_field(e, ERR_INPUT, "fees", "fees: must not be negative");
	/*
	 * The fees go on the first invoice's balance, which they may not take
	 * past the largest amount recoup keeps: `check` then failed on the
	 * book, and a fee added again and again reached 92 * 10^15.
	 */
	if (ret == 0 && s.n && (fees > MONEY_AMOUNT_MAX - s.invs[0].balance || fees > MONEY_AMOUNT_MAX - s.balance)) {
		char b1[48], b2[48], b3[48];
		ret = error_set_field(
			e, ERR_INPUT, "fees",
			"fees: %s would take invoice '%s' (%s now) past %s, the largest amount recoup keeps",
			agreement_money(fees, s.currency, b1, sizeof(b1)), s.invs[0].invoice_ref,
			agreement_money(s.invs[0].balance, s.currency, b2, sizeof(b2)),
			agreement_money(MONEY_AMOUNT_MAX, s.currency, b3, sizeof(b3)));
	}
	total = s.balance + fees;
	if (ret == 0)
		ret = build_instalments(rq, s.currency, total, on, ins, &n, e);
	if (ret == 0)
		ret = check_sum(ins, n, total, fees, s.currency, e);
	if (ret == 0)
		ret = post_fees(tx, &s, fees, on, e);
	if (ret == 0) {
		memset(a, 0, sizeof(*a));
		snprintf(a->kind, sizeof(a->kind), "plan");
		a->customer_id = s.customer.id;
		snprintf(a->customer_ref, sizeof(a->customer_ref), "%s", s.customer.ref);
		snprintf(a->currency, sizeof(a->currency), "%s", s.currency);
		snprintf(a->state, sizeof(a->state), "current");
		a->balance = s.balance;
		a->amount = total;
		a->fees = fees;
		a->made_at = at;
		snprintf(a->made_by, sizeof(a->made_by), "%s", ctx->actor ? ctx->actor : "");
		ret = store_agreement_add(tx, a, s.invs, s.n, ins, n, e);
	}
	if (ret == 0)
		ret = agreement_hold_invoices(tx, a, s.invs, s.n, "plan", a->made_at, 0, e);
	/* what waits on the invoices now held goes, as the run's next review would (a plan's own reminders stay) */
	if (ret == 0)
		ret = holds_cancel_waiting(tx, ctx, a->customer_id, a->currency, "plan",
					   "the strategy waits while a plan holds the invoices it listed", a->made_at,
					   e);
	if (ret == 0)
		ret = agreement_audit(ctx, tx, "plan.add", NULL, a, e);
	agreement_scope_free(&s);
	return ret;
}

int plans_add(const struct app_ctx *ctx, const struct plan_request *rq, struct agreement *out, struct error *e)
{
	struct store_tx *tx = NULL;
	struct agreement a;
	int ret = check_request(ctx, rq, e);

	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = add(ctx, tx, rq, &a, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret == 0 && out)
		*out = a;
	return ret;
}

/* ---- cancel ---- */

/* The first instalment not paid after the grace days as of `on` (paid as of then): the next review breaks the plan. */
static const struct agreement_instalment *unpaid_past_grace(const struct plan_view *v, date_t on, int grace)
{
	int64_t cum = 0;

	for (size_t k = 0; k < v->n_ins; k++) {
		cum += v->ins[k].amount;
		if (v->paid_total < cum && v->ins[k].due + grace < on)
			return &v->ins[k];
	}
	return NULL;
}

/* The plan's own courtesy reminders still waiting (strategy "plan-ID"), at most 64 of them. */
struct reminders {
	const char *strategy;
	int64_t ids[64];
	size_t n;
};

static int on_reminder(void *ctx, const struct action_record *ar, const char *invoice_ref)
{
	struct reminders *r = ctx;
	(void)invoice_ref;
	if (strcmp(ar->strategy, r->strategy) || (r->n && r->ids[r->n - 1] == ar->id) ||
	    r->n == sizeof(r->ids) / sizeof(r->ids[0]))
		return 0;
	r->ids[r->n++] = ar->id;
	return 0;
}

static int cancel_reminders(struct store_tx *tx, const struct agreement *a, timestamp_t at, struct error *e)
{
	struct action_filter f = { 0 };
	struct reminders r = { 0 };
	char strategy[32], why[64];
	int ret;

	snprintf(strategy, sizeof(strategy), PLAN_STRATEGY_PREFIX "%lld", (long long)a->id);
	snprintf(why, sizeof(why), "plan %lld was cancelled", (long long)a->id);
	r.strategy = strategy;
	f.customer_id = a->customer_id;
	f.state = "scheduled";
	ret = store_actions_each(tx, &f, on_reminder, &r, e);
	for (size_t i = 0; i < r.n && ret >= 0; i++)
		ret = store_action_set_state(tx, r.ids[i], "cancelled", "plan_cancelled", why, at, e);
	return ret < 0 ? ret : 0;
}

static int check_cancel(const struct plan_view *v, timestamp_t at, int grace, struct error *e)
{
	const struct agreement *a = &v->plan;
	const struct agreement_instalment *late;
	char t1[TIMESTAMP_TEXT_MAX], t2[TIMESTAMP_TEXT_MAX], d[DATE_TEXT_MAX];

	if (strcmp(a->state, "current"))
		return error_set_field(e, ERR_CONFLICT, "id",
				       "plan %lld is %s already (%s): only a current plan can be cancelled",
				       (long long)a->id, a->state, a->end_reason);
	if (at < a->made_at)
		return error_set_field(e, ERR_INPUT, "at", "at %s is before plan %lld was made (%s)",
				       timestamp_format(at, t1, sizeof(t1)), (long long)a->id,
				       timestamp_format(a->made_at, t2, sizeof(t2)));
	late = unpaid_past_grace(v, timestamp_date_utc(at), grace);
	/* broken in all but the record: the verdict is the review's */
	if (late)
		return error_set_field(e, ERR_CONFLICT, "id",
				       "plan %lld is broken: instalment %d due %s is unpaid after %d days' grace, so "
				       "the next daily run breaks it; only a plan kept to date can be cancelled",
				       (long long)a->id, late->seq, date_format(late->due, d, sizeof(d)), grace);
	return 0;
}

static int read_view(const struct app_ctx *ctx, struct store_tx *tx, int64_t id, struct plan_view *v, struct error *e);

static int cancel_in_tx(const struct app_ctx *ctx, struct store_tx *tx, int64_t id, const char *reason, timestamp_t at,
			struct agreement *a, struct error *e)
{
	struct app_ctx then = *ctx;
	struct plan_view v = { 0 };
	struct agreement before;
	json_t *doc = NULL;
	int ret;

	then.today = timestamp_date_utc(at); /* what was paid by then */
	ret = read_view(&then, tx, id, &v, e);
	if (ret == 0)
		ret = authority_load(tx, &doc, e);
	if (ret == 0)
		ret = check_cancel(&v, at, authority_grace_days(doc), e);
	json_decref(doc);
	*a = v.plan;
	plans_view_free(&v);
	if (ret < 0)
		return ret;
	before = *a;
	snprintf(a->state, sizeof(a->state), "cancelled");
	a->ended_at = at;
	snprintf(a->end_reason, sizeof(a->end_reason), "%s", reason);
	ret = store_agreement_update(tx, a, "current", 0, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_CONFLICT, "id", "plan %lld was broken or completed meanwhile",
				      (long long)id);
	if (ret == 1)
		ret = store_holds_end(tx, "plan", a->id, at, "cancelled", NULL, e);
	if (ret == 0)
		ret = cancel_reminders(tx, a, at, e);
	if (ret == 0)
		ret = agreement_audit(ctx, tx, "plan.cancel", &before, a, e);
	return ret;
}

int plans_cancel(const struct app_ctx *ctx, int64_t id, const char *reason, timestamp_t at, struct agreement *out,
		 struct error *e)
{
	struct store_tx *tx = NULL;
	struct agreement a;
	int ret;

	if (!at)
		at = ctx->now;
	if (!reason || !reason[0])
		return error_set_field(e, ERR_USAGE, "reason", "cancelling a plan needs --reason TEXT");
	if (app_check_free_text("reason", reason, AGREEMENT_REASON_MAX, e) < 0 ||
	    app_check_text("by", ctx->actor ? ctx->actor : "", NAME_MAX_LEN, e) < 0 ||
	    app_check_not_future(ctx, "at", at, e) < 0)
		return -ERR_INPUT;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = cancel_in_tx(ctx, tx, id, reason, at, &a, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret == 0 && out)
		*out = a;
	return ret;
}

/* ---- show and list ---- */

static int on_view_instalment(void *ctx, int64_t id, const struct agreement_instalment *in)
{
	struct plan_view *v = ctx;
	struct agreement_instalment *grown = realloc(v->ins, (v->n_ins + 1) * sizeof(*grown));
	(void)id;
	if (!grown)
		return -ERR_ENV;
	v->ins = grown;
	v->ins[v->n_ins++] = *in;
	return 0;
}

static int on_view_invoice(void *ctx, const struct agreement_invoice *ai)
{
	struct plan_view *v = ctx;
	struct agreement_invoice *grown = realloc(v->invs, (v->n_invs + 1) * sizeof(*grown));
	if (!grown)
		return -ERR_ENV;
	v->invs = grown;
	v->invs[v->n_invs++] = *ai;
	return 0;
}

static int on_view_paid(void *ctx, int64_t id, int64_t paid)
{
	struct plan_view *v = ctx;
	if (id == v->plan.id)
		v->paid_total = paid;
	return 0;
}

/* Applies what was paid to the instalments in order. */
static int spread_paid(struct plan_view *v)
{
	int64_t left = v->paid_total;
	v->paid = calloc(v->n_ins ? v->n_ins : 1, sizeof(*v->paid));
	if (!v->paid)
		return -ERR_ENV;
	for (size_t k = 0; k < v->n_ins && left > 0; k++) {
		v->paid[k] = left < v->ins[k].amount ? left : v->ins[k].amount;
		left -= v->paid[k];
	}
	return 0;
}

static int read_view(const struct app_ctx *ctx, struct store_tx *tx, int64_t id, struct plan_view *v, struct error *e)
{
	int ret = store_agreement_get(tx, id, &v->plan, e);
	if (ret == 0 || (ret == 1 && strcmp(v->plan.kind, "plan")))
		return error_set_field(e, ERR_NOT_FOUND, "id", "plan %lld not found", (long long)id);
	if (ret < 0)
		return ret;
	ret = store_agreement_instalments_of(tx, id, on_view_instalment, v, e);
	if (ret == 0)
		ret = store_agreement_invoices(tx, id, on_view_invoice, v, e);
	if (ret == 0)
		ret = store_agreements_paid(tx, "plan", v->plan.state, v->plan.customer_id, ctx->today, on_view_paid, v,
					    e);
	if (ret == 0)
		ret = spread_paid(v);
	if (ret < 0 && !e->code)
		ret = error_set(e, ERR_ENV, "out of memory");
	return ret;
}

int plans_show(const struct app_ctx *ctx, int64_t id, struct plan_view *out, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = read_view(ctx, tx, id, out, e);
	store_tx_free(tx);
	if (ret < 0)
		plans_view_free(out);
	return ret;
}

void plans_view_free(struct plan_view *v)
{
	free(v->ins);
	free(v->paid);
	free(v->invs);
	v->ins = NULL;
	v->paid = NULL;
	v->invs = NULL;
}

json_t *plans_view_json(const struct plan_view *v)
{
	int x = currency_exponent(v->plan.currency);
	json_t *o = agreement_json(&v->plan), *ins = json_array(), *invs = json_array();
	char b[MONEY_TEXT_MAX], b2[MONEY_TEXT_MAX], d[DATE_TEXT_MAX];

	for (size_t k = 0; k < v->n_ins; k++)
		json_array_append_new(ins, json_pack("{s:i, s:s, s:s, s:s}", "seq", v->ins[k].seq, "due",
						     date_format(v->ins[k].due, d, sizeof(d)), "amount",
						     money_format(v->ins[k].amount, x, b, sizeof(b)), "paid",
						     money_format(v->paid[k], x, b2, sizeof(b2))));
	for (size_t k = 0; k < v->n_invs; k++)
		json_array_append_new(invs,
				      json_pack("{s:s, s:s, s:s}", "invoice_ref", v->invs[k].invoice_ref,
						"balance_when_made", money_format(v->invs[k].balance, x, b, sizeof(b)),
						"balance", money_format(v->invs[k].balance_now, x, b2, sizeof(b2))));
	json_object_set_new(o, "total", json_string(money_format(v->plan.amount, x, b, sizeof(b))));
	json_object_set_new(o, "paid", json_string(money_format(v->paid_total, x, b, sizeof(b))));
	json_object_set_new(o, "instalments", ins);
	json_object_set_new(o, "invoices", invs);
	return o;
}

int plans_list(const struct app_ctx *ctx, const char *customer_ref, const char *state, store_agreement_cb cb,
	       void *cbctx, struct error *e)
{
	return agreement_list(ctx, "plan", customer_ref, state, cb, cbctx, e);
}

/* ---- the daily review ---- */

struct paid_row {
	int64_t id, paid;
};

struct verdict {
	int64_t id;
	int broken; /* else completed */
	int seq;
	date_t due;
};

/* An instalment to remind of: the plan's first one not paid, due within PLAN_REMIND_DAYS. */
struct reminder {
	int64_t id;
	int seq;
	date_t due;
	int64_t left; /* of this instalment, minor units */
};

struct review {
	struct reminder *rem;
	size_t n_rem, cap_rem;
	int first_unpaid_seen; /* of the plan being walked */
	struct paid_row *paid;
	size_t n_paid, cap_paid, at_paid; /* at_paid: the walk's position (both lists by id) */
	struct verdict *v;
	size_t n_v, cap_v;
	date_t as_of;
	int grace;
	int64_t id, cum, have; /* the plan being walked */
	int decided;
};

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;
	if (n < *cap)
		return 0;
	q = realloc(*p, (*cap ? *cap * 2 : 64) * size);
	if (!q)
		return -ERR_ENV;
	*p = q;
	*cap = *cap ? *cap * 2 : 64;
	return 0;
}

static int on_paid(void *ctx, int64_t id, int64_t paid)
{
	struct review *r = ctx;
	if (grow((void **)&r->paid, &r->cap_paid, r->n_paid, sizeof(*r->paid)) < 0)
		return -ERR_ENV;
	r->paid[r->n_paid++] = (struct paid_row){ id, paid };
	return 0;
}

static int verdict(struct review *r, int broken, int seq, date_t due)
{
	if (grow((void **)&r->v, &r->cap_v, r->n_v, sizeof(*r->v)) < 0)
		return -ERR_ENV;
	r->v[r->n_v++] = (struct verdict){ r->id, broken, seq, due };
	r->decided = 1;
	return 0;
}

/* The end of one plan's instalments: complete when all is paid. */
static int close_plan(struct review *r)
{
	if (r->id && !r->decided && r->have >= r->cum)
		return verdict(r, 0, 0, 0);
	return 0;
}

static int on_instalment(void *ctx, int64_t id, const struct agreement_instalment *in)
{
	struct review *r = ctx;
	if (id != r->id) {
		if (close_plan(r) < 0)
			return -ERR_ENV;
		r->id = id;
		r->cum = 0;
		r->decided = 0;
		r->first_unpaid_seen = 0;
		while (r->at_paid < r->n_paid && r->paid[r->at_paid].id < id)
			r->at_paid++;
		r->have = r->at_paid < r->n_paid && r->paid[r->at_paid].id == id ? r->paid[r->at_paid].paid : 0;
	}
	r->cum += in->amount;
	if (!r->decided && r->have < r->cum && in->due + r->grace < r->as_of)
		return verdict(r, 1, in->seq, in->due);
	/* the first instalment not fully paid: reminded of in the days before it is due */
	if (!r->decided && r->have < r->cum && !r->first_unpaid_seen) {
		r->first_unpaid_seen = 1;
		if (r->as_of + PLAN_REMIND_DAYS >= in->due && r->as_of <= in->due) {
			int64_t left = r->cum - r->have < in->amount ? r->cum - r->have : in->amount;
			if (grow((void **)&r->rem, &r->cap_rem, r->n_rem, sizeof(*r->rem)) < 0)
				return -ERR_ENV;
			r->rem[r->n_rem++] = (struct reminder){ id, in->seq, in->due, left };
		}
	}
	return 0;
}

static int settle(const struct app_ctx *ctx, struct store_tx *tx, const struct verdict *v, date_t as_of, int grace,
		  struct error *e)
{
	struct agreement a, before;
	char day[DATE_TEXT_MAX];
	int ret = store_agreement_get(tx, v->id, &a, e);

	if (ret <= 0)
		return ret;
	before = a;
	snprintf(a.state, sizeof(a.state), "%s", v->broken ? "broken" : "completed");
	a.ended_at = agreement_review_moment(ctx, as_of);
	if (a.ended_at < a.made_at)
		a.ended_at = a.made_at;
	if (v->broken)
		snprintf(a.end_reason, sizeof(a.end_reason), "instalment %d due %s unpaid after %d days' grace", v->seq,
			 date_format(v->due, day, sizeof(day)), grace);
	else
		snprintf(a.end_reason, sizeof(a.end_reason), "paid in full");
	ret = store_agreement_update(tx, &a, "current", 0, e);
	if (ret == 1)
		ret = store_holds_end(tx, "plan", a.id, a.ended_at, a.state, NULL, e);
	if (ret < 0)
		return ret;
	return agreement_audit(ctx, tx, v->broken ? "plan.break" : "plan.complete", &before, &a, e);
}

int plans_spares(const struct hold *h, const char *strategy)
{
	char own[32];

	snprintf(own, sizeof(own), PLAN_STRATEGY_PREFIX "%lld", (long long)h->source_id);
	return !strcmp(h->kind, "plan") && strategy && !strcmp(strategy, own);
}

/* The plan's invoices still open (their ids, at most 16), for the reminder's action_invoice rows. */
struct open_invs {
	int64_t id[16];
	size_t n;
};

static int on_plan_invoice(void *ctx, const struct agreement_invoice *ai)
{
	struct open_invs *o = ctx;
	if (ai->balance_now > 0 && o->n < sizeof(o->id) / sizeof(o->id[0]))
		o->id[o->n++] = ai->invoice_id;
	return 0;
}

/* Whether the reminder's step is recorded already (the run's keys would refuse it twice). */
struct step_seen {
	const char *strategy, *step;
	int seen;
};

static int on_recorded_step(void *ctx, const struct run_recorded *rec)
{
	struct step_seen *s = ctx;
	if (!strcmp(rec->strategy, s->strategy) && !strcmp(rec->step, s->step))
		s->seen = 1;
	return 0;
}

/* One plan's courtesy reminder (plans.h): recorded once, asked of the contact rules. */
static int remind(const struct app_ctx *ctx, struct store_tx *tx, struct rules_ctx **rc, const struct reminder *m,
		  date_t as_of, struct error *e)
{
	struct action_invoice inv[16];
	struct open_invs o = { .n = 0 };
	struct contact k = { 0 };
	struct action_record a = { 0 };
	struct agreement ag;
	struct step_seen seen = { a.strategy, a.step, 0 };
	char amt[32], day[DATE_TEXT_MAX];
	int ret = store_agreement_get(tx, m->id, &ag, e);

	if (ret <= 0 || strcmp(ag.state, "current"))
		return ret < 0 ? ret : 0;
	snprintf(a.strategy, sizeof(a.strategy), PLAN_STRATEGY_PREFIX "%lld", (long long)m->id);
	snprintf(a.step, sizeof(a.step), "instalment-%d", m->seq);
	ret = store_agreement_invoices(tx, m->id, on_plan_invoice, &o, e);
	if (ret == 0 && o.n)
		ret = store_run_recorded_each(tx, ag.customer_id, ag.customer_id, 0, on_recorded_step, &seen, e);
	if (ret == 0 && o.n && !seen.seen)
		ret = store_contacts_of_customer(tx, ag.customer_id, parties_best_contact, &k, e);
	if (ret < 0 || !o.n || seen.seen)
		return ret < 0 ? ret : 0;
	a.run_date = as_of;
	a.customer_id = ag.customer_id;
	a.contact_id = k.id;
	snprintf(a.currency, sizeof(a.currency), "%s", ag.currency);
	a.amount = m->left;
	snprintf(a.kind, sizeof(a.kind), "%s", k.email[0] ? "email" : "letter");
	a.created_at = a.updated_at = ctx->now;
	ret = rules_ctx_schedule(rc, tx, &k, a.kind, as_of, &a, e);
	if (ret < 0)
		return ret;
	if (!strcmp(a.state, "scheduled"))
		snprintf(a.reason_code, sizeof(a.reason_code), "plan_instalment");
	if (!strcmp(a.state, "scheduled"))
		snprintf(a.reason, sizeof(a.reason), "instalment %d of plan %lld: %s %s due %s", m->seq,
			 (long long)m->id, money_format(m->left, currency_exponent(ag.currency), amt, sizeof(amt)),
			 ag.currency, date_format(m->due, day, sizeof(day)));
	for (size_t i = 0; i < o.n; i++) {
		inv[i].invoice_id = o.id[i];
		snprintf(inv[i].step, sizeof(inv[i].step), "%s", a.step);
	}
	return store_action_add(tx, &a, inv, o.n, e);
}

static int review(const struct app_ctx *ctx, struct store_tx *tx, struct review *r, struct error *e)
{
	json_t *doc = NULL;
	int ret = authority_load(tx, &doc, e);

	if (ret < 0)
		return ret;
	r->grace = authority_grace_days(doc);
	json_decref(doc);
	ret = store_agreements_paid(tx, "plan", "current", 0, r->as_of, on_paid, r, e);
	if (ret == 0)
		ret = store_agreement_instalments(tx, "plan", "current", on_instalment, r, e);
	if (ret == 0)
		ret = close_plan(r);
	if (ret < 0)
		return e->code ? ret : error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < r->n_v && ret == 0; i++)
		ret = settle(ctx, tx, &r->v[i], r->as_of, r->grace, e);
	if (r->n_rem && ret == 0) {
		struct rules_ctx *rc = NULL;
		for (size_t i = 0; i < r->n_rem && ret == 0; i++)
			ret = remind(ctx, tx, &rc, &r->rem[i], r->as_of, e);
		rules_ctx_free(rc);
	}
	return ret;
}

int plans_review(const struct app_ctx *ctx, date_t as_of, struct error *e)
{
	struct review r = { 0 };
	struct store_tx *tx = NULL;
	int ret;

	r.as_of = as_of;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = review(ctx, tx, &r, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	free(r.paid);
	free(r.v);
	free(r.rem);
	return ret;
}
