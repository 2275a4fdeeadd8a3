#include "app/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kpi.h"
#include "core/money.h"
#include "store/reports.h"
#include "store/store.h"

/* ---- aging ---- */

/* Unapplied credit of one customer in one currency, as the store lists it. */
struct credit {
	int64_t customer_id;
	char customer_ref[REF_MAX + 1];
	char currency[4];
	int64_t amount;
};

struct aging_run {
	const struct reports_aging_options *opts;
	const struct reports_aging_sink *sink;
	struct aging_totals totals; /* per currency, or per customer being read */
	char customer_ref[REF_MAX + 1];
	int64_t customer_id;
	int left_out; /* rows handed with overflow set */
	struct error *e;
	struct credit *credits; /* customers in ref order, then currency */
	size_t n_credits, cap_credits;
	size_t next_credit; /* by customer: the first not handed yet */
};

static int add_credit(void *arg, int64_t customer_id, const char *customer_ref, const char *currency, int64_t amount)
{
	struct aging_run *a = arg;
	struct credit *c;

	if (a->n_credits == a->cap_credits) {
		size_t cap = a->cap_credits ? a->cap_credits * 2 : 16;
		struct credit *v = realloc(a->credits, cap * sizeof(*v));
		if (!v)
			return error_set(a->e, ERR_ENV, "out of memory");
		a->credits = v;
		a->cap_credits = cap;
	}
	c = &a->credits[a->n_credits++];
	c->customer_id = customer_id;
	snprintf(c->customer_ref, sizeof(c->customer_ref), "%s", customer_ref);
	snprintf(c->currency, sizeof(c->currency), "%s", currency);
	c->amount = amount;
	return 0;
}

/*
 * The credit in `currency` among credits[from, to), into *sum: 0, or 1
 * when it does not fit in int64 (each customer's does, the store checked:
 * the tenant's, of many customers, may not).
 */
static int credit_in(const struct aging_run *a, size_t from, size_t to, const char *currency, int64_t *sum)
{
	*sum = 0;
	for (size_t i = from; i < to; i++)
		if (!strcmp(a->credits[i].currency, currency) &&
		    __builtin_add_overflow(*sum, a->credits[i].amount, sum))
			return 1;
	return 0;
}

/* A row of `sums` and the credit in its currency among credits[from, to); left out when a sum overflows. */
static int hand_row(struct aging_run *a, const char *customer_ref, const struct aging_row *sums, size_t from, size_t to)
{
	struct reports_aging_row r;
	int64_t credit;

	memset(&r, 0, sizeof(r));
	r.customer_ref = customer_ref;
	memcpy(r.currency, sums->currency, sizeof(r.currency));
	r.overflow = credit_in(a, from, to, sums->currency, &credit) || sums->overflow;
	if (r.overflow) {
		a->left_out++;
	} else {
		memcpy(r.bucket, sums->bucket, sizeof(r.bucket));
		r.total = sums->total;
		r.invoices = sums->count;
		r.unapplied_credit = credit;
		/* both sums were overflow-checked as they were added; their difference may not be */
		if (__builtin_sub_overflow(sums->total, credit, &r.net))
			r.net = sums->total;
	}
	return a->sink->row(a->sink->arg, &r);
}

/* Customers holding credit and nothing open, whose ref sorts before `ref` (NULL: all left). */
static int hand_credit_only(struct aging_run *a, const char *ref)
{
	while (a->next_credit < a->n_credits) {
		const struct credit *c = &a->credits[a->next_credit];
		struct aging_row sums;
		int ret;

		if (ref && strcmp(c->customer_ref, ref) >= 0)
			break;
		memset(&sums, 0, sizeof(sums));
		memcpy(sums.currency, c->currency, sizeof(sums.currency));
		ret = hand_row(a, c->customer_ref, &sums, a->next_credit, a->next_credit + 1);
		a->next_credit++;
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int hand_customer(struct aging_run *a)
{
	size_t first;
	int ret;

	ret = hand_credit_only(a, a->customer_ref);
	if (ret < 0)
		return ret;
	/*
	 * This customer's credit entries are the next ones (both lists are in
	 * ref order); their currencies get a row even where nothing is open.
	 */
	first = a->next_credit;
	for (; a->next_credit < a->n_credits && a->credits[a->next_credit].customer_id == a->customer_id;
	     a->next_credit++)
		if (aging_totals_touch(&a->totals, a->credits[a->next_credit].currency, a->e) < 0)
			return -ERR_ENV;
	aging_totals_sort(&a->totals);
	for (size_t i = 0; i < a->totals.n; i++) {
		const struct aging_row *sums = &a->totals.rows[i];
		ret = hand_row(a, a->customer_ref, sums, first, a->next_credit);
		if (ret < 0)
			return ret;
	}
	aging_totals_clear(&a->totals);
	return 0;
}

static int on_open_item(void *arg, const struct open_item *it)
{
	struct aging_run *a = arg;
	int ret;

	if (a->opts->by_customer && it->customer_id != a->customer_id) {
		if (a->totals.n) {
			ret = hand_customer(a);
			if (ret < 0)
				return ret;
		}
		a->customer_id = it->customer_id;
		snprintf(a->customer_ref, sizeof(a->customer_ref), "%s", it->customer_ref);
	}
	return aging_totals_add(&a->totals, &a->opts->buckets, it->currency, a->opts->as_of, it->due_date, it->balance,
				a->e);
}

/* After the last open item: the rows not handed yet. */
static int hand_rest(struct aging_run *a)
{
	int ret = 0;

	if (a->opts->by_customer) {
		if (a->totals.n) {
			ret = hand_customer(a);
			if (ret < 0)
				return ret;
		}
		return hand_credit_only(a, NULL);
	}
	for (size_t i = 0; i < a->n_credits; i++) {
		ret = aging_totals_touch(&a->totals, a->credits[i].currency, a->e);
		if (ret < 0)
			return ret;
	}
	aging_totals_sort(&a->totals);
	for (size_t i = 0; i < a->totals.n; i++) {
		const struct aging_row *sums = &a->totals.rows[i];
		ret = hand_row(a, NULL, sums, 0, a->n_credits);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int reports_aging(const struct app_ctx *ctx, const struct reports_aging_options *opts,
		  const struct reports_aging_sink *sink, int *left_out, struct error *e)
{
	struct aging_run a = {
		.opts = opts,
		.sink = sink,
		.totals = AGING_TOTALS_INIT,
		.customer_id = -1,
		.e = e,
	};
	struct reports_aging_head head = {
		.as_of = opts->as_of,
		.current = opts->as_of >= ctx->today,
		.by_customer = opts->by_customer,
		.buckets = &opts->buckets,
	};
	/*
	 * A past date: the balances as they stood then, not today's, and the
	 * credit then. Today or later: the current balances and credit, and
	 * either way only the invoices issued by as_of (store/reports.h): one
	 * imported ahead of its issue date is not owed yet.
	 */
	date_t at = head.current ? STORE_NOW : opts->as_of;
	struct store_tx *tx = NULL;
	int ret;

	if (left_out)
		*left_out = 0;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		goto cleanup;
	/* the credit first: it is small (customers holding some), and the rows need it as they go */
	ret = store_unapplied_each(tx, at, add_credit, &a, e);
	if (ret != 0)
		goto cleanup;
	ret = sink->head(sink->arg, &head);
	if (ret < 0)
		goto cleanup;
	ret = store_open_items_each(tx, opts->by_customer, opts->as_of, !head.current, on_open_item, &a, e);
	if (ret != 0)
		goto cleanup;
	ret = hand_rest(&a);
	if (ret < 0)
		goto cleanup;
	if (left_out)
		*left_out = a.left_out;
	if (a.left_out)
		ret = error_set(e, ERR_INPUT, "%d %s left out: %s sums overflow", a.left_out,
				a.left_out == 1 ? "row" : "rows", a.left_out == 1 ? "its" : "their");
cleanup:
	store_tx_free(tx);
	aging_totals_release(&a.totals);
	free(a.credits);
	return ret > 0 ? -ret : ret;
}

/* ---- KPIs ---- */

struct kpi_run {
	struct kpi_report report;
	struct error *e;
};

static int on_kpi_item(void *arg, const struct kpi_item *it)
{
	struct kpi_run *k = arg;
	struct kpi_input in = {
		.customer_id = it->customer_id,
		.currency = it->currency,
		.issue_date = it->issue_date,
		.due_date = it->due_date,
		.amount = it->amount,
		.opening_balance = it->opening_balance,
		.closing_balance = it->closing_balance,
	};
	return kpi_add(&k->report, &in, k->e);
}

static void kpi_row(const struct kpi_report *r, const struct kpi_currency *k, struct reports_kpi_row *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->currency, k->currency, sizeof(out->currency));
	out->overflow = k->overflow;
	if (k->overflow)
		return;
	out->opening_ar = k->opening_ar;
	out->credit_sales = k->credit_sales;
	out->closing_ar = k->closing_ar;
	out->closing_current = k->closing_current;
	out->closing_overdue = k->closing_overdue;
	out->dso_tenths = kpi_dso_tenths(k, r->to - r->from + 1);
	out->cei_bp = kpi_cei_bp(k);
	out->delinquency_bp = kpi_ratio_bp(k->closing_overdue, k->closing_ar);
	out->default_balance_bp = kpi_ratio_bp(k->closing_default, k->closing_ar);
	out->default_customers_bp = kpi_ratio_bp(k->customers_in_default, k->customers_with_balance);
	for (int i = 0; i < r->buckets.n - 1; i++)
		out->roll_bp[i] = kpi_ratio_bp(k->roll_moved[i], k->roll_base[i]);
}

int reports_kpi(const struct app_ctx *ctx, const struct reports_kpi_options *opts, struct reports_kpi *out,
		struct error *e)
{
	struct kpi_run k = { .e = e };
	struct store_tx *tx = NULL;
	int ret;

	reports_kpi_release(out);
	memset(out, 0, sizeof(*out));
	out->from = opts->from;
	out->to = opts->to;
	out->days = opts->to - opts->from + 1;
	out->default_dpd = opts->default_dpd;
	aging_config_default(&out->buckets);
	kpi_init(&k.report, opts->from, opts->to, opts->default_dpd, &out->buckets);

	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = store_kpi_items_each(tx, opts->from, opts->to, on_kpi_item, &k, e);
	if (ret != 0)
		goto cleanup;
	kpi_finish(&k.report);
	if (k.report.n) {
		out->rows = calloc(k.report.n, sizeof(*out->rows));
		if (!out->rows) {
			ret = error_set(e, ERR_ENV, "out of memory");
			goto cleanup;
		}
	}
	for (size_t i = 0; i < k.report.n; i++) {
		kpi_row(&k.report, &k.report.rows[i], &out->rows[i]);
		if (out->rows[i].overflow)
			out->left_out++;
	}
	out->n = k.report.n;
	if (out->left_out)
		ret = error_set(e, ERR_INPUT, "%d %s left out: %s sums overflow", out->left_out,
				out->left_out == 1 ? "currency" : "currencies", out->left_out == 1 ? "its" : "their");
cleanup:
	store_tx_free(tx);
	kpi_release(&k.report);
	return ret > 0 ? -ret : ret;
}

void reports_kpi_release(struct reports_kpi *k)
{
	if (!k)
		return;
	free(k->rows);
	k->rows = NULL;
	k->n = 0;
	k->left_out = 0;
}

json_t *reports_aging_row_json(const struct reports_aging_row *r, const struct aging_config *buckets)
{
	json_t *o = json_object();
	int exp = currency_exponent(r->currency);
	char buf[64];

	if (!o)
		return NULL;
	if (r->customer_ref)
		json_object_set_new(o, "customer_ref", json_string(r->customer_ref));
	json_object_set_new(o, "currency", json_string(r->currency));
	for (int i = 0; i < buckets->n; i++)
		json_object_set_new(o, buckets->labels[i],
				    json_string(money_format(r->bucket[i], exp, buf, sizeof(buf))));
	json_object_set_new(o, "total", json_string(money_format(r->total, exp, buf, sizeof(buf))));
	json_object_set_new(o, "invoices", json_integer(r->invoices));
	json_object_set_new(o, "unapplied_credit",
			    json_string(money_format(r->unapplied_credit, exp, buf, sizeof(buf))));
	json_object_set_new(o, "net", json_string(money_format(r->net, exp, buf, sizeof(buf))));
	return o;
}
