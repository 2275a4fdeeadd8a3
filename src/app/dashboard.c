/*
 * dashboard.c: the manager's dashboard (see dashboard.h): the snapshots,
 * the stored KPI months and the report use cases, as one JSON object.
 */
#include "app/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/approvals.h"
#include "app/report_disputes.h"
#include "app/report_escalation.h"
#include "app/report_promises.h"
#include "app/reports.h"
#include "core/aging.h"
#include "core/kpi.h"
#include "core/money.h"
#include "store/dashboard.h"

/* The currencies of one day of snapshot rows: a book rarely holds more than a handful. */
#define DASHBOARD_CURRENCIES 64

static json_t *money(int64_t amount, const char *currency)
{
	char buf[MONEY_TEXT_MAX];
	return json_string(money_format(amount, currency_exponent(currency), buf, sizeof(buf)));
}

/* Basis points as a percent string, null when not available (KPI_NA, or report_rate_bp's -1). */
/* A rate (report_rate_bp: below 0 when there is nothing to divide by): null then. */
static json_t *percent(int64_t bp)
{
	char buf[32];
	if (bp == KPI_NA || bp < 0)
		return json_null();
	return json_string(kpi_format_bp(bp, buf, sizeof(buf)));
}

/*
 * A KPI (core/kpi.h): null only when it has no value (KPI_NA). CEI is below
 * 0 in a month whose balances grew with nothing collected (a returned
 * payment, fees): `report kpi` prints it, and the dashboard showed n/a.
 */
static json_t *kpi_percent(int64_t bp)
{
	char buf[32];
	if (bp == KPI_NA)
		return json_null();
	return json_string(kpi_format_bp(bp, buf, sizeof(buf)));
}

static json_t *day(date_t d)
{
	char buf[DATE_TEXT_MAX];
	return d ? json_string(date_format(d, buf, sizeof(buf))) : json_null();
}

static date_t month_of(date_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return date_from_ymd(y, m, 1);
}

static json_t *month_json(date_t month)
{
	char buf[DATE_TEXT_MAX];
	date_format(month, buf, sizeof(buf));
	buf[7] = '\0'; /* "2026-11" */
	return json_string(buf);
}

date_t dashboard_default_from(date_t to)
{
	return month_of(to);
}

/* The charts' first day: DASHBOARD_MONTHS months back, or the period's start when earlier. */
static date_t charts_from(const struct dashboard_options *o)
{
	date_t from = date_add_months(month_of(o->to), 1 - DASHBOARD_MONTHS);
	return o->from < from ? o->from : from;
}

/* ---- the snapshots: the aging of the last day, the overdue trend ---- */

struct day_currency {
	char currency[4];
	int64_t bucket[AGING_MAX_BUCKETS];
	int64_t invoices;
};

struct snaps {
	struct aging_config buckets;
	json_t *trend; /* {date, currency, overdue, total} */
	date_t date;   /* of the rows in `day` */
	struct day_currency day[DASHBOARD_CURRENCIES];
	size_t n;
	const char *scope; /* "book", "segment" or "collector" */
	date_t last_run;   /* the book's last run day read (a segment's or collector's rows may lack it) */
	struct error *e;
};

static int64_t day_total(const struct day_currency *c, int n)
{
	int64_t t = 0;
	for (int i = 0; i < n; i++)
		t += c->bucket[i];
	return t;
}

/* The trend points of the day held (the overdue: every bucket past "current"). */
static int flush_day(struct snaps *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct day_currency *c = &s->day[i];
		int64_t total = day_total(c, s->buckets.n);
		json_t *o = json_pack("{s:o, s:s, s:o, s:o}", "date", day(s->date), "currency", c->currency, "overdue",
				      money(total - c->bucket[0], c->currency), "total", money(total, c->currency));
		if (json_array_append_new(s->trend, o) < 0)
			return error_set(s->e, ERR_ENV, "out of memory");
	}
	return 0;
}

static struct day_currency *day_currency(struct snaps *s, const char *currency)
{
	if (s->n && !strcmp(s->day[s->n - 1].currency, currency))
		return &s->day[s->n - 1];
	if (s->n == DASHBOARD_CURRENCIES)
		return NULL;
	memset(&s->day[s->n], 0, sizeof(s->day[0]));
	snprintf(s->day[s->n].currency, sizeof(s->day[0].currency), "%s", currency);
	return &s->day[s->n++];
}

static int on_snapshot(void *ctx, const struct snapshot_row *r)
{
	struct snaps *s = ctx;
	struct day_currency *c;
	int b;

	if (r->run_date != s->date) {
		if (s->date && flush_day(s) < 0)
			return -ERR_ENV;
		s->date = r->run_date;
		s->n = 0;
	}
	c = day_currency(s, r->currency);
	if (!c)
		return error_set(s->e, ERR_ENV, "the snapshot of %d-day holds over %d currencies", (int)r->run_date,
				 DASHBOARD_CURRENCIES);
	for (b = 0; b < s->buckets.n && strcmp(s->buckets.labels[b], r->bucket); b++)
		;
	if (b == s->buckets.n)
		return error_set(s->e, ERR_ENV, "a snapshot row names bucket '%s', not one of the aging's", r->bucket);
	c->bucket[b] += r->balance;
	c->invoices += r->invoices;
	return 0;
}

static int on_book_day(void *ctx, const struct snapshot_row *r)
{
	struct snaps *s = ctx;

	if (r->run_date > s->last_run)
		s->last_run = r->run_date;
	return 0;
}

/*
 * The aging of the last run: one item per currency, as GET /api/v1/aging
 * has them; none when the segment's or collector's rows stop before it.
 */
static json_t *aging_json(const struct snaps *s)
{
	json_t *labels = json_array(), *items = json_array();
	date_t as_of = s->last_run > s->date ? s->last_run : s->date;

	for (int b = 0; b < s->buckets.n; b++)
		json_array_append_new(labels, json_string(s->buckets.labels[b]));
	for (size_t i = 0; s->date && s->date == as_of && i < s->n; i++) {
		const struct day_currency *c = &s->day[i];
		json_t *o = json_pack("{s:s}", "currency", c->currency);
		for (int b = 0; o && b < s->buckets.n; b++)
			json_object_set_new(o, s->buckets.labels[b], money(c->bucket[b], c->currency));
		json_object_set_new(o, "total", money(day_total(c, s->buckets.n), c->currency));
		json_object_set_new(o, "invoices", json_integer(c->invoices));
		json_array_append_new(items, o);
	}
	return json_pack("{s:o, s:s, s:o, s:o}", "as_of", day(as_of), "scope", s->scope, "buckets", labels, "items",
			 items);
}

/* ---- the KPI months ---- */

struct months {
	json_t *items;
	date_t first, last;
	unsigned char seen[DASHBOARD_MONTHS_MAX + 1];
};

static int month_index(date_t first, date_t month)
{
	int y0, m0, y, m, d;
	date_to_ymd(first, &y0, &m0, &d);
	date_to_ymd(month, &y, &m, &d);
	return (y - y0) * 12 + (m - m0);
}

static int on_kpi_month(void *ctx, const struct kpi_month *k)
{
	struct months *ms = ctx;
	char dso[32];
	int i = month_index(ms->first, k->month);
	json_t *o;

	if (i >= 0 && i <= DASHBOARD_MONTHS_MAX)
		ms->seen[i] = 1;
	o = json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "month", month_json(k->month), "to",
		      day(k->to_date), "currency", k->currency, "dso_days",
		      k->dso_tenths == KPI_NA ? json_null() : json_string(kpi_format_tenths(k->dso_tenths, dso, 32)),
		      "cei_pct", kpi_percent(k->cei_bp), "delinquency_pct", kpi_percent(k->delinquency_bp),
		      "opening_ar", money(k->opening_ar, k->currency), "credit_sales",
		      money(k->credit_sales, k->currency), "closing_ar", money(k->closing_ar, k->currency),
		      "closing_current", money(k->closing_current, k->currency));
	return json_array_append_new(ms->items, o) < 0 ? -ERR_ENV : 0;
}

static json_t *kpi_json(struct months *ms)
{
	json_t *missing = json_array();
	int n = month_index(ms->first, ms->last);

	for (int i = 0; i <= n; i++)
		if (!ms->seen[i])
			json_array_append_new(missing, month_json(date_add_months(ms->first, i)));
	return json_pack("{s:o, s:o}", "items", json_incref(ms->items), "missing", missing);
}

/* The snapshots and the KPI months in one read transaction: figures of one moment. */
static int read_stored(const struct app_ctx *ctx, const struct dashboard_options *o, struct snaps *s, struct months *ms,
		       struct error *e)
{
	const char *dim = "total", *key = "";
	struct store_tx *tx = NULL;
	int ret;

	/* a collector's rows: the accounts assigned to them on each run's day (app/run_snapshot.c) */
	if (o->segment && *o->segment) {
		dim = "strategy";
		key = o->segment;
	} else if (o->collector && *o->collector) {
		dim = "collector";
		key = o->collector;
	}
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = store_dashboard_snapshots_each(tx, charts_from(o), o->to, dim, key, on_snapshot, s, e);
	if (ret == 0 && s->date)
		ret = flush_day(s);
	/* the last run's day: a collector given no account that day has no aging, not an older one */
	if (ret == 0 && strcmp(dim, "total"))
		ret = store_dashboard_snapshots_each(tx, charts_from(o), o->to, "total", "", on_book_day, s, e);
	if (ret == 0)
		ret = store_kpi_months_each(tx, ms->first, ms->last, on_kpi_month, ms, e);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "reading the dashboard's rows stopped");
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

/* ---- the report use cases ---- */

static int wanted(const struct dashboard_options *o, const char *name)
{
	return !o->collector || !*o->collector || !strcmp(o->collector, name);
}

static json_t *promises_json(const struct dashboard_options *o, const struct report_promises *r)
{
	json_t *items = json_array();
	const char *dim = o->collector && *o->collector ? "collector" : "total";

	for (size_t i = 0; i < r->n; i++) {
		const struct report_promises_row *p = &r->rows[i];
		if (strcmp(p->dimension, dim) || (!strcmp(dim, "collector") && strcmp(p->key, o->collector)))
			continue;
		json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "currency",
						       p->currency, "made", (json_int_t)p->made, "due",
						       (json_int_t)p->due, "kept", (json_int_t)p->kept,
						       "partially_kept", (json_int_t)p->partially_kept, "broken",
						       (json_int_t)p->broken, "kept_rate_pct", percent(p->kept_rate_bp),
						       "amount_promised", money(p->amount_promised, p->currency),
						       "amount_kept", money(p->amount_kept, p->currency)));
	}
	return json_pack("{s:o}", "items", items);
}

static json_t *contact_line_json(const struct report_contacts_line *l)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "attempts", (json_int_t)l->attempts, "calls",
			 (json_int_t)l->calls, "rpc", (json_int_t)l->rpc, "conversations", (json_int_t)l->conversations,
			 "promises", (json_int_t)l->promises, "contact_rate_pct",
			 percent(report_rate_bp(l->conversations, l->calls)), "rpc_rate_pct",
			 percent(report_rate_bp(l->rpc, l->calls)));
}

static json_t *contacts_json(const struct dashboard_options *o, const struct report_contacts *r)
{
	static const struct report_contacts_line none;
	if (!o->collector || !*o->collector)
		return contact_line_json(&r->total);
	for (size_t i = 0; i < r->n_collectors; i++)
		if (!strcmp(r->collectors[i].name, o->collector))
			return contact_line_json(&r->collectors[i]);
	return contact_line_json(&none);
}

static int64_t conversations_of(const struct report_contacts *c, const char *name)
{
	for (size_t i = 0; i < c->n_collectors; i++)
		if (!strcmp(c->collectors[i].name, name))
			return c->collectors[i].conversations;
	return 0;
}

static json_t *collectors_json(const struct dashboard_options *o, const struct report_collectors *r,
			       const struct report_contacts *c)
{
	json_t *items = json_array();

	for (size_t i = 0; i < r->n; i++) {
		const struct report_collector *k = &r->v[i];
		int64_t conv = conversations_of(c, k->name);
		json_t *money_rows = json_array();
		if (!wanted(o, k->name))
			continue;
		for (size_t j = 0; j < k->n_money; j++)
			json_array_append_new(money_rows,
					      json_pack("{s:s, s:o, s:o}", "currency", k->money[j].currency, "promised",
							money(k->money[j].promised, k->money[j].currency), "collected",
							money(k->money[j].collected, k->money[j].currency)));
		json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "name",
						       k->name, "accounts", (json_int_t)k->accounts, "attempts",
						       (json_int_t)k->attempts, "calls", (json_int_t)k->calls,
						       "conversations", (json_int_t)conv, "rpc", (json_int_t)k->rpc,
						       "promises", (json_int_t)k->promises, "contact_rate_pct",
						       percent(report_rate_bp(conv, k->calls)), "rpc_rate_pct",
						       percent(report_rate_bp(k->rpc, k->calls)), "money", money_rows));
	}
	return json_pack("{s:o}", "items", items);
}

static int on_approval(void *ctx, const struct agreement *a)
{
	char at[TIMESTAMP_TEXT_MAX];
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "id", (json_int_t)a->id, "kind", a->kind,
			      "customer_ref", a->customer_ref, "currency", a->currency, "amount",
			      money(a->amount, a->currency), "balance", money(a->balance, a->currency), "made_by",
			      a->made_by, "made_at", timestamp_format(a->made_at, at, sizeof(at)));
	return json_array_append_new(ctx, o) < 0 ? -ERR_ENV : 0;
}

static json_t *disputes_json(const struct report_disputes *r)
{
	json_t *items = json_array();

	for (size_t i = 0; i < r->n; i++) {
		const struct report_disputes_row *d = &r->rows[i];
		if (!d->reason[0])
			continue; /* the currency's total: the page adds its own */
		json_array_append_new(
			items, json_pack("{s:s, s:s, s:i, s:i, s:o, s:i}", "currency", d->currency, "reason", d->reason,
					 "opened", (int)d->opened, "open", (int)d->open, "open_balance",
					 money(d->open_balance, d->currency), "overdue", (int)d->overdue));
	}
	return json_pack("{s:o}", "items", items);
}

/* The report use cases over the period, each set under its name in `out`: the collectors' table alone, or all but it. */
static int add_reports(const struct app_ctx *ctx, const struct dashboard_options *o, int main_part, int collectors,
		       json_t *out, struct error *e)
{
	struct report_promises p = { 0 };
	struct report_contacts c = { 0 };
	struct report_collectors k = { 0 };
	struct report_disputes d = { 0 };
	json_t *approvals = json_array();
	int ret = main_part ? report_promises(ctx, o->from, o->to, &p, e) : 0;

	if (ret == 0)
		ret = report_contacts(ctx, o->from, o->to, &c, e);
	if (ret == 0 && collectors)
		ret = report_collectors_of(ctx, o->from, o->to, o->collector, &k, e);
	if (ret == 0 && main_part)
		ret = approvals_list(ctx, on_approval, approvals, e);
	if (ret == 0 && main_part)
		ret = report_disputes_build(ctx, o->to, &d, e);
	if (ret == 0 && main_part) {
		json_object_set_new(out, "promises", promises_json(o, &p));
		json_object_set_new(out, "contacts", contacts_json(o, &c));
		json_object_set_new(
			out, "approvals",
			json_pack("{s:I, s:O}", "count", (json_int_t)json_array_size(approvals), "items", approvals));
		json_object_set_new(out, "disputes", disputes_json(&d));
	}
	if (ret == 0 && collectors)
		json_object_set_new(out, "collectors", collectors_json(o, &k, &c));
	json_decref(approvals);
	report_promises_release(&p);
	report_contacts_release(&c);
	report_collectors_release(&k);
	report_disputes_release(&d);
	return ret;
}

static int check_options(const struct dashboard_options *o, struct error *e)
{
	if (o->from > o->to)
		return error_set_field(e, ERR_INPUT, "from", "the period starts after it ends");
	if (month_index(month_of(o->from), month_of(o->to)) >= DASHBOARD_MONTHS_MAX)
		return error_set_field(e, ERR_INPUT, "from", "the period spans over %d months", DASHBOARD_MONTHS_MAX);
	if (o->segment && *o->segment && o->collector && *o->collector)
		return error_set_field(e, ERR_INPUT, "segment",
				       "choose a segment or a collector, not both (the snapshots keep each apart)");
	if (o->part && *o->part && strcmp(o->part, "main") && strcmp(o->part, "collectors"))
		return error_set_field(e, ERR_INPUT, "part", "part '%.32s' is not main or collectors", o->part);
	return 0;
}

int dashboard_build(const struct app_ctx *ctx, const struct dashboard_options *o, json_t **out, struct error *e)
{
	struct snaps *s = NULL;
	struct months ms = { 0 };
	json_t *d = NULL;
	int ret = check_options(o, e);
	int main_part = !o->part || !*o->part || !strcmp(o->part, "main");
	int collectors = !o->part || !*o->part || !strcmp(o->part, "collectors");

	*out = NULL;
	if (ret < 0)
		return ret;
	s = calloc(1, sizeof(*s));
	ms.items = json_array();
	if (!s || !ms.items) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	aging_config_default(&s->buckets);
	s->trend = json_array();
	s->scope = o->segment && *o->segment ? "segment" : o->collector && *o->collector ? "collector" : "book";
	s->e = e;
	ms.first = month_of(charts_from(o));
	ms.last = month_of(o->to);
	if (main_part)
		ret = read_stored(ctx, o, s, &ms, e);
	if (ret < 0)
		goto cleanup;
	d = json_pack("{s:{s:o, s:o}, s:{s:s?, s:s?}}", "period", "from", day(o->from), "to", day(o->to), "filters",
		      "segment", o->segment && *o->segment ? o->segment : NULL, "collector",
		      o->collector && *o->collector ? o->collector : NULL);
	if (d && main_part) {
		json_object_set_new(d, "aging", aging_json(s));
		json_object_set_new(d, "trend", json_pack("{s:O}", "items", s->trend));
		json_object_set_new(d, "kpi", kpi_json(&ms));
	}
	if (!d) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = add_reports(ctx, o, main_part, collectors, d, e);
	if (ret == 0) {
		*out = d;
		d = NULL;
	}
cleanup:
	json_decref(d);
	if (s)
		json_decref(s->trend);
	free(s);
	json_decref(ms.items);
	return ret;
}

/* ---- refreshing the stored KPI months ---- */

struct stored {
	date_t first;
	date_t to[DASHBOARD_MONTHS_MAX + 1]; /* per month, the last day stored (0 none) */
};

static int on_stored(void *ctx, const struct kpi_month *k)
{
	struct stored *st = ctx;
	int i = month_index(st->first, k->month);
	if (i >= 0 && i <= DASHBOARD_MONTHS_MAX)
		st->to[i] = k->to_date;
	return 0;
}

static int read_months(const struct app_ctx *ctx, date_t from, date_t to, struct stored *st, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_kpi_months_each(tx, from, to, on_stored, st, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

/* reports_kpi over [month, last] and its rows stored, replacing the month's. */
static int refresh_month(const struct app_ctx *ctx, date_t month, date_t last, struct error *e)
{
	struct reports_kpi_options opts = { month, last, 90 };
	struct reports_kpi k = REPORTS_KPI_INIT;
	struct kpi_month *rows = NULL;
	struct store_tx *tx = NULL;
	size_t n = 0;
	int ret = reports_kpi(ctx, &opts, &k, e);

	if (ret == -ERR_INPUT && k.left_out)
		ret = 0; /* a currency whose sums overflow is left out; the others stand (docs/reports.md) */
	if (ret == 0 && k.n) {
		rows = calloc(k.n, sizeof(*rows));
		if (!rows)
			ret = error_set(e, ERR_ENV, "out of memory");
	}
	for (size_t i = 0; ret == 0 && i < k.n; i++) {
		const struct reports_kpi_row *r = &k.rows[i];
		struct kpi_month *m;
		if (r->overflow)
			continue;
		m = &rows[n++];
		m->month = month;
		m->to_date = last;
		memcpy(m->currency, r->currency, sizeof(m->currency));
		m->opening_ar = r->opening_ar;
		m->credit_sales = r->credit_sales;
		m->closing_ar = r->closing_ar;
		m->closing_current = r->closing_current;
		m->dso_tenths = r->dso_tenths;
		m->cei_bp = r->cei_bp;
		m->delinquency_bp = r->delinquency_bp;
		m->computed_at = ctx->now;
	}
	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = store_kpi_month_put(tx, month, rows, n, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	free(rows);
	reports_kpi_release(&k);
	return ret;
}

int dashboard_refresh(const struct app_ctx *ctx, date_t as_of, int months, int *computed, struct error *e)
{
	struct stored st = { 0 };
	date_t last_month = month_of(as_of);
	int ret, done = 0;

	if (months < 1 || months > DASHBOARD_MONTHS_MAX)
		return error_set_field(e, ERR_INPUT, "months", "months %d: must be 1 to %d", months,
				       DASHBOARD_MONTHS_MAX);
	st.first = date_add_months(last_month, 1 - months);
	ret = read_months(ctx, st.first, last_month, &st, e);
	for (int i = 0; ret == 0 && i < months; i++) {
		date_t month = date_add_months(st.first, i);
		date_t end = date_add_months(month, 1) - 1;
		date_t last = end < as_of ? end : as_of;
		if (st.to[i] == last)
			continue; /* stored for that day already */
		ret = refresh_month(ctx, month, last, e);
		done++;
	}
	if (computed)
		*computed = done;
	return ret;
}
