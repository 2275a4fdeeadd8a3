/*
 * api_reports.c: the managers' routes over the whole book: the KPIs and
 * the reports of `recoup report` (GET /api/v1/kpis, /api/v1/reports/{name}),
 * the actions of the daily runs (`recoup actions`), the strategies
 * (`recoup strategy list|show|set`) and the contact-rules profiles
 * (`recoup rules list|show|set`). The JSON keys are those of the command's
 * --format json; amounts are decimal strings, ratios percentages with two
 * decimals as strings, null when not available.
 */
#include <stdlib.h>
#include <string.h>

#include "app/actions.h"
#include "app/report_disputes.h"
#include "app/report_escalation.h"
#include "app/report_promises.h"
#include "app/reports.h"
#include "app/rules_config.h"
#include "app/strategies.h"
#include "app/trend.h"
#include "core/kpi.h"
#include "core/money.h"
#include "http/api.h"
#include "http/etag.h"

#define DEFAULT_DPD 90

/* A date of the query into *out (`dflt` when absent): 0, or -1 (rq->fail, 400 usage). */
static int query_date(struct http_request *rq, const char *name, date_t dflt, date_t *out)
{
	const char *v = http_query(rq, name);

	*out = dflt;
	if (v && date_parse(v, out, &rq->err) < 0)
		return http_error(rq, 400, "usage", name, "%s: %s", name, rq->err.message);
	return 0;
}

/* ?from= and ?to=, both required, from <= to. */
static int query_period(struct http_request *rq, date_t *from, date_t *to)
{
	if (!http_query(rq, "from") || !http_query(rq, "to"))
		return http_error(rq, 400, "usage", http_query(rq, "from") ? "to" : "from",
				  "?from=DATE and ?to=DATE are required");
	if (query_date(rq, "from", 0, from) < 0 || query_date(rq, "to", 0, to) < 0)
		return -1;
	if (*to < *from)
		return http_error(rq, 400, "usage", "to", "to is before from");
	return 0;
}

static json_t *money_json(int64_t amount, const char *currency)
{
	char b[MONEY_TEXT_MAX];
	return json_string(money_format(amount, currency_exponent(currency), b, sizeof(b)));
}

static json_t *bp_json(int64_t bp)
{
	char b[32];
	return bp == KPI_NA ? json_null() : json_string(kpi_format_bp(bp, b, sizeof(b)));
}

static json_t *period_json(date_t from, date_t to)
{
	char f[DATE_TEXT_MAX], t[DATE_TEXT_MAX];
	return json_pack("{s:s, s:s}", "from", date_format(from, f, sizeof(f)), "to", date_format(to, t, sizeof(t)));
}

/* ---- KPIs ---- */

static json_t *kpi_row_json(const struct reports_kpi *r, const struct reports_kpi_row *k)
{
	json_t *o = json_object();
	char b[32], name[48];

	if (!o)
		return NULL;
	json_object_set_new(o, "currency", json_string(k->currency));
	json_object_set_new(o, "opening_ar", money_json(k->opening_ar, k->currency));
	json_object_set_new(o, "credit_sales", money_json(k->credit_sales, k->currency));
	json_object_set_new(o, "closing_ar", money_json(k->closing_ar, k->currency));
	json_object_set_new(o, "closing_current", money_json(k->closing_current, k->currency));
	json_object_set_new(o, "closing_overdue", money_json(k->closing_overdue, k->currency));
	json_object_set_new(o, "dso_days",
			    k->dso_tenths == KPI_NA ? json_null()
						    : json_string(kpi_format_tenths(k->dso_tenths, b, sizeof(b))));
	json_object_set_new(o, "cei_pct", bp_json(k->cei_bp));
	json_object_set_new(o, "delinquency_rate_pct", bp_json(k->delinquency_bp));
	json_object_set_new(o, "default_rate_balance_pct", bp_json(k->default_balance_bp));
	json_object_set_new(o, "default_rate_customers_pct", bp_json(k->default_customers_bp));
	for (int i = 0; i < r->buckets.n - 1; i++) {
		snprintf(name, sizeof(name), "roll_rate_%s_pct", r->buckets.labels[i]);
		json_object_set_new(o, name, bp_json(k->roll_bp[i]));
	}
	return o;
}

int api_kpis(struct http_request *rq, struct http_response *rs)
{
	struct reports_kpi_options opts = { .default_dpd = DEFAULT_DPD };
	struct reports_kpi k = REPORTS_KPI_INIT;
	int64_t dpd;
	json_t *o, *rows;
	int ret;

	if (query_period(rq, &opts.from, &opts.to) < 0 ||
	    api_query_number(rq, "default_dpd", DEFAULT_DPD, 3650, &dpd) < 0)
		return -1;
	opts.default_dpd = (int)dpd;
	/* rows left out (a sum overflowed) are named by their absence; the others are right */
	if (reports_kpi(&rq->app, &opts, &k, &rq->err) < 0 && rq->err.code != ERR_INPUT) {
		reports_kpi_release(&k);
		return http_app_error(rq, &rq->err);
	}
	o = period_json(k.from, k.to);
	rows = json_array();
	for (size_t i = 0; rows && i < k.n; i++)
		if (!k.rows[i].overflow)
			json_array_append_new(rows, kpi_row_json(&k, &k.rows[i]));
	if (o) {
		json_object_set_new(o, "days", json_integer(k.days));
		json_object_set_new(o, "default_dpd", json_integer(k.default_dpd));
		json_object_set_new(o, "currencies", rows);
		rows = NULL;
	}
	json_decref(rows);
	ret = http_json(rq, rs, 200, o);
	reports_kpi_release(&k);
	return ret;
}

/* ---- reports ---- */

/*
 * Each report of `recoup report` adds its sections to the document {"report",
 * "from", "to"} (disputes: {"report", "as_of"}), with the keys and value
 * types of its --format json. 0, or -ERR_* with rq->err set.
 */
struct report_kind {
	const char *name;
	int period; /* 1: ?from= and ?to=; 0: ?as_of= (default today) */
	int (*add)(struct http_request *rq, date_t from, date_t to, json_t *doc);
};

/* Appends o (taken) to the array `key` of doc, made when missing. */
static int add_row(json_t *doc, const char *key, json_t *o)
{
	json_t *a = json_object_get(doc, key);

	if (!a) {
		a = json_array();
		if (json_object_set_new(doc, key, a) < 0) {
			json_decref(o);
			return -ERR_ENV;
		}
	}
	return json_array_append_new(a, o) < 0 ? -ERR_ENV : 0;
}

static int trend_row(void *ctx, const struct snapshot_row *r)
{
	char d[DATE_TEXT_MAX];
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o}", "run_date",
			      date_format(r->run_date, d, sizeof(d)), "dimension", r->dimension, "key", r->key,
			      "currency", r->currency, "bucket", r->bucket, "accounts", (json_int_t)r->accounts,
			      "invoices", (json_int_t)r->invoices, "balance", money_json(r->balance, r->currency));
	return add_row(ctx, "rows", o);
}

static int report_trend(struct http_request *rq, date_t from, date_t to, json_t *doc)
{
	/* a period without snapshots still has its (empty) rows */
	if (json_object_set_new(doc, "rows", json_array()) < 0)
		return error_set(&rq->err, ERR_ENV, "out of memory");
	return trend_each(&rq->app, from, to, trend_row, doc, &rq->err);
}

static json_t *promises_row_json(const struct report_promises_row *w)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "dimension", w->dimension,
			 "key", w->key, "currency", w->currency, "made", (json_int_t)w->made, "due", (json_int_t)w->due,
			 "kept", (json_int_t)w->kept, "partially_kept", (json_int_t)w->partially_kept, "broken",
			 (json_int_t)w->broken, "current", (json_int_t)w->current, "kept_rate_pct",
			 bp_json(w->kept_rate_bp), "amount_promised", money_json(w->amount_promised, w->currency),
			 "amount_kept", money_json(w->amount_kept, w->currency));
}

static int report_promises_add(struct http_request *rq, date_t from, date_t to, json_t *doc)
{
	struct report_promises r = { 0 };
	int ret = report_promises(&rq->app, from, to, &r, &rq->err);

	if (ret == 0 && json_object_set_new(doc, "rows", json_array()) < 0)
		ret = error_set(&rq->err, ERR_ENV, "out of memory");
	for (size_t i = 0; ret == 0 && i < r.n; i++)
		if (add_row(doc, "rows", promises_row_json(&r.rows[i])) < 0)
			ret = error_set(&rq->err, ERR_ENV, "out of memory");
	report_promises_release(&r);
	return ret;
}

/* A rate of the escalation reports: "12.34", or "n/a" (a string, as `report contacts --format json` has it). */
static json_t *rate_json(int64_t bp)
{
	char b[32];

	if (bp < 0)
		return json_string("n/a");
	snprintf(b, sizeof(b), "%lld.%02lld", (long long)(bp / 100), (long long)(bp % 100));
	return json_string(b);
}

static json_t *contacts_line_json(const char *key, const struct report_contacts_line *c, int per_collector)
{
	json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:o, s:I, s:I}", key, c->name, "attempts", (json_int_t)c->attempts,
			      "call_attempts", (json_int_t)c->calls, "rpc", (json_int_t)c->rpc, "rpc_rate_pct",
			      rate_json(report_rate_bp(c->rpc, c->calls)), "conversations",
			      (json_int_t)c->conversations, "promises", (json_int_t)c->promises);

	if (o && per_collector) {
		json_object_set_new(o, "hours", json_integer(c->hours));
		json_object_set_new(o, "contacts_per_hour", rate_json(c->hours ? c->attempts * 100 / c->hours : -1));
	}
	if (o)
		json_object_set_new(o, "breaches", json_integer(c->breaches));
	return o;
}

static json_t *contacts_rule_json(const struct report_contacts_rule *w)
{
	return json_pack("{s:s, s:s, s:I}", "collector", w->collector, "rule", w->rule, "breaches",
			 (json_int_t)w->breaches);
}

static int report_contacts_add(struct http_request *rq, date_t from, date_t to, json_t *doc)
{
	struct report_contacts r;
	int ret = report_contacts(&rq->app, from, to, &r, &rq->err);

	if (ret < 0)
		return ret;
	if (json_object_set_new(doc, "channels", json_array()) < 0 ||
	    json_object_set_new(doc, "collectors", json_array()) < 0)
		ret = -ERR_ENV;
	for (size_t i = 0; ret == 0 && i < r.n_channels; i++)
		ret = add_row(doc, "channels", contacts_line_json("channel", &r.channels[i], 0));
	for (size_t i = 0; ret == 0 && i < r.n_collectors; i++)
		ret = add_row(doc, "collectors", contacts_line_json("collector", &r.collectors[i], 1));
	if (ret == 0)
		ret = add_row(doc, "total", contacts_line_json("total", &r.total, 1));
	/* after total, as the CLI prints it; [] when nothing was breached */
	if (ret == 0 && json_object_set_new(doc, "rules", json_array()) < 0)
		ret = -ERR_ENV;
	for (size_t i = 0; ret == 0 && i < r.n_rules; i++)
		ret = add_row(doc, "rules", contacts_rule_json(&r.rules[i]));
	report_contacts_release(&r);
	return ret < 0 ? error_set(&rq->err, ERR_ENV, "out of memory") : 0;
}

static json_t *collector_json(const struct report_collector *c, const struct report_collector_money *m)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:o, s:I, s:s, s:o, s:o}", "collector", c->name, "accounts_worked",
			 (json_int_t)c->accounts, "attempts", (json_int_t)c->attempts, "call_attempts",
			 (json_int_t)c->calls, "rpc", (json_int_t)c->rpc, "rpc_rate_pct",
			 rate_json(report_rate_bp(c->rpc, c->calls)), "promises", (json_int_t)c->promises, "currency",
			 m ? m->currency : "", "amount_promised",
			 m ? money_json(m->promised, m->currency) : json_string("0"), "amount_collected",
			 m ? money_json(m->collected, m->currency) : json_string("0"));
}

/* One row per collector and currency collected (one with no currency when nothing was), as the CLI's. */
static int report_collectors_add(struct http_request *rq, date_t from, date_t to, json_t *doc)
{
	struct report_collectors r;
	int ret = report_collectors(&rq->app, from, to, &r, &rq->err);

	if (ret < 0)
		return ret;
	if (json_object_set_new(doc, "collectors", json_array()) < 0)
		ret = -ERR_ENV;
	for (size_t i = 0; ret == 0 && i < r.n; i++) {
		size_t k = 0;
		do {
			ret = add_row(doc, "collectors",
				      collector_json(&r.v[i], r.v[i].n_money ? &r.v[i].money[k] : NULL));
		} while (ret == 0 && ++k < r.v[i].n_money);
	}
	report_collectors_release(&r);
	return ret < 0 ? error_set(&rq->err, ERR_ENV, "out of memory") : 0;
}

static json_t *recovery_json(const struct report_recovery_row *w)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:I}", "agency", w->agency, "currency", w->currency,
			 "age_at_placement", w->age, "placements", (json_int_t)w->placements, "placed",
			 money_json(w->placed, w->currency), "recovered", money_json(w->recovered, w->currency),
			 "recovery_rate_pct", rate_json(report_rate_bp(w->recovered, w->placed)), "recalled",
			 (json_int_t)w->recalled);
}

static int report_recovery_add(struct http_request *rq, date_t from, date_t to, json_t *doc)
{
	struct report_recovery r;
	int ret = report_recovery(&rq->app, from, to, &r, &rq->err);

	if (ret < 0)
		return ret;
	if (json_object_set_new(doc, "recovery", json_array()) < 0)
		ret = -ERR_ENV;
	for (size_t i = 0; ret == 0 && i < r.n; i++)
		ret = add_row(doc, "recovery", recovery_json(&r.v[i]));
	report_recovery_release(&r);
	return ret < 0 ? error_set(&rq->err, ERR_ENV, "out of memory") : 0;
}

/* An average to one decimal, null with nothing to average (`report disputes`). */
static json_t *average_json(long sum, long n)
{
	char b[32];
	long tenths;

	if (!n)
		return json_null();
	tenths = (sum * 10 + n / 2) / n;
	snprintf(b, sizeof(b), "%ld.%ld", tenths / 10, tenths % 10);
	return json_string(b);
}

/* The CLI writes every value of this report as a string. */
static json_t *count_text(long v)
{
	char b[32];
	snprintf(b, sizeof(b), "%ld", v);
	return json_string(b);
}

static json_t *disputes_json(const struct report_disputes_row *r)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "currency", r->currency,
			 "reason", r->reason[0] ? r->reason : "total", "opened", count_text(r->opened), "open",
			 count_text(r->open), "open_balance", money_json(r->open_balance, r->currency),
			 "open_age_avg_days", average_json(r->open_age_sum, r->open), "oldest_open_days",
			 count_text(r->oldest_age), "overdue", count_text(r->overdue), "upheld", count_text(r->upheld),
			 "rejected", count_text(r->rejected), "credited", count_text(r->credited), "credit",
			 money_json(r->credit, r->currency), "resolve_avg_days",
			 average_json(r->resolve_days_sum, r->upheld + r->rejected + r->credited));
}

static int report_disputes_add(struct http_request *rq, date_t as_of, date_t unused, json_t *doc)
{
	struct report_disputes r;
	int ret = report_disputes_build(&rq->app, as_of, &r, &rq->err);

	(void)unused;
	if (ret < 0)
		return ret;
	if (json_object_set_new(doc, "rows", json_array()) < 0)
		ret = -ERR_ENV;
	for (size_t i = 0; ret == 0 && i < r.n; i++)
		ret = add_row(doc, "rows", disputes_json(&r.rows[i]));
	report_disputes_release(&r);
	return ret < 0 ? error_set(&rq->err, ERR_ENV, "out of memory") : 0;
}

static const struct report_kind report_kinds[] = {
	{ "trend", 1, report_trend },           { "promises", 1, report_promises_add },
	{ "contacts", 1, report_contacts_add }, { "collectors", 1, report_collectors_add },
	{ "recovery", 1, report_recovery_add }, { "disputes", 0, report_disputes_add },
};

/* The document's head: {"report", "from", "to"}, or {"report", "as_of"}. */
static json_t *report_head(struct http_request *rq, const struct report_kind *k, date_t *from, date_t *to)
{
	char f[DATE_TEXT_MAX], t[DATE_TEXT_MAX];

	if (!k->period) {
		if (query_date(rq, "as_of", rq->app.today, from) < 0)
			return NULL;
		return json_pack("{s:s, s:s}", "report", k->name, "as_of", date_format(*from, f, sizeof(f)));
	}
	if (query_period(rq, from, to) < 0)
		return NULL;
	return json_pack("{s:s, s:s, s:s}", "report", k->name, "from", date_format(*from, f, sizeof(f)), "to",
			 date_format(*to, t, sizeof(t)));
}

int api_report(struct http_request *rq, struct http_response *rs)
{
	const struct report_kind *k = NULL;
	date_t from = 0, to = 0;
	json_t *doc;

	for (size_t i = 0; i < sizeof(report_kinds) / sizeof(report_kinds[0]); i++)
		if (!strcmp(report_kinds[i].name, rq->params[0]))
			k = &report_kinds[i];
	if (!k)
		return http_error(rq, 404, "not_found", "name",
				  "'%.64s' is not a report (trend, promises, contacts, collectors, recovery, disputes)",
				  rq->params[0]);
	doc = report_head(rq, k, &from, &to);
	if (!doc)
		return rq->fail.status ? -1 : http_error(rq, 500, "environment", "", "out of memory");
	if (k->add(rq, from, to, doc) < 0) {
		json_decref(doc);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, doc);
}

/* ---- actions ---- */

/* A moment, null when it is `none`: TIMESTAMP_NONE for scheduled_at (0 is a moment there), 0 for next_allowed_at. */
static json_t *ts_json(timestamp_t t, timestamp_t none)
{
	char b[TIMESTAMP_TEXT_MAX];
	return t != none ? json_string(timestamp_format(t, b, sizeof(b))) : json_null();
}

static json_t *text_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

static int action_row(void *ctx, const struct actions_row *row)
{
	const struct action_record *a = row->a;
	json_t *refs = json_array(), *o;
	char d[DATE_TEXT_MAX], first[DATE_TEXT_MAX]; /* first: its run date unless a run did it again since */

	for (size_t i = 0; refs && i < row->n_invoices; i++)
		json_array_append_new(refs, json_string(row->invoice_refs[i]));
	o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o*, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o}", "id",
		      (json_int_t)a->id, "run_date", date_format(a->run_date, d, sizeof(d)), "first_run_date",
		      date_format(a->first_run_date ? a->first_run_date : a->run_date, first, sizeof(first)),
		      "customer_ref", a->customer_ref, "contact_ref", text_or_null(a->contact_ref), "invoice_refs",
		      refs, "currency", a->currency, "amount", money_json(a->amount, a->currency), "kind", a->kind,
		      "strategy", a->strategy, "step", a->step, "scheduled_at",
		      ts_json(a->scheduled_at, TIMESTAMP_NONE), "local_time", text_or_null(a->local_time), "state",
		      a->state, "reason_code", text_or_null(a->reason_code), "reason", text_or_null(a->reason),
		      "next_allowed_at", ts_json(a->next_allowed_at, 0));
	return json_array_append_new(ctx, o) < 0 ? -ERR_ENV : 0;
}

int api_actions(struct http_request *rq, struct http_response *rs)
{
	struct actions_filter f = { 0 };
	json_t *items;

	if (query_date(rq, "date", 0, &f.run_date) < 0)
		return -1;
	f.customer_ref = http_query(rq, "customer");
	f.kind = http_query(rq, "kind");
	f.state = http_query(rq, "state");
	items = json_array();
	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (actions_list(&rq->app, &f, action_row, items, &rq->err) < 0) {
		json_decref(items);
		/* an unknown kind or state is a bad query argument */
		if (rq->err.code == ERR_USAGE)
			return http_error(rq, 400, "usage", rq->err.field[0] ? rq->err.field : "", "%s",
					  rq->err.message);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, http_list(items, NULL));
}

/* ---- strategies ---- */

static int strategy_item(void *ctx, const struct strategies_item *it)
{
	json_t *o = json_pack("{s:s, s:s, s:i, s:I, s:s, s:b}", "name", it->name, "source", it->source, "priority",
			      it->priority, "steps", (json_int_t)it->n_steps, "default_for", it->default_for,
			      "candidate", it->candidate);
	return json_array_append_new(ctx, o) < 0 ? -ERR_ENV : 0;
}

int api_strategies_list(struct http_request *rq, struct http_response *rs)
{
	json_t *items = json_array();

	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (strategies_list(&rq->app, strategy_item, items, &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, http_list(items, NULL));
}

/* A stored JSON text as the response: 200, or 500 when it does not load. */
static int json_text(struct http_request *rq, struct http_response *rs, char *text)
{
	json_error_t jerr;
	json_t *o = text ? json_loads(text, 0, &jerr) : NULL;

	free(text);
	return http_json(rq, rs, 200, o);
}

/* A stored JSON text as the response with its ETag (http/etag.h): the tag of the text as stored. */
static int json_text_tagged(struct http_request *rq, struct http_response *rs, char *text)
{
	char tag[HTTP_ETAG_MAX];

	if (!text)
		return json_text(rq, rs, text);
	http_etag_text(text, tag);
	if (http_etag_header(rq, rs, tag) < 0) {
		free(text);
		return -1;
	}
	return json_text(rq, rs, text);
}

int api_strategy_get(struct http_request *rq, struct http_response *rs)
{
	char *text = NULL;

	if (strategies_show(&rq->app, rq->params[0], &text, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	return json_text_tagged(rq, rs, text);
}

/* The strategy's tag for If-Match: 1, 0 when the tenant has none of that name, -1. */
static int strategy_tag(struct http_request *rq, void *ctx, char out[HTTP_ETAG_MAX])
{
	char *text = NULL;

	(void)ctx;
	if (strategies_show(&rq->app, rq->params[0], &text, &rq->err) < 0)
		return rq->err.code == ERR_NOT_FOUND ? 0 : http_app_error(rq, &rq->err);
	http_etag_text(text, out);
	free(text);
	return 1;
}

/* A PUT body is a whole document: it must be a JSON object; what it says is the use case's to check. */
static int whole_document(struct http_request *rq)
{
	json_error_t jerr;
	json_t *o = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
	int ok = json_is_object(o);

	json_decref(o);
	if (!o)
		return http_error(rq, 400, "malformed", "", "the body is not JSON: %s (line %d, column %d)", jerr.text,
				  jerr.line, jerr.column);
	return ok ? 0 : http_error(rq, 400, "malformed", "", "the body must be a JSON object");
}

/* The warnings of a strategy stored (app/strategies.h), as the PUT response's `warnings`. */
static json_t *warnings_json(const struct strategies_warnings *w)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < w->n; i++)
		if (json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "step", w->w[i].step, "channel",
						       w->w[i].channel, "template", w->w[i].template_name, "message",
						       w->w[i].message)) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/*
 * 200 with the strategy as stored and its `warnings` (the message steps
 * whose template does not exist; [] when none): stored either way, since
 * a template may be stored after the strategy.
 */
static int strategy_put(struct http_request *rq, struct http_response *rs)
{
	char tag[HTTP_ETAG_MAX];
	struct strategies_warnings *w = NULL;
	char *text = NULL, *body = NULL;
	json_error_t jerr;
	json_t *o = NULL, *warnings = NULL;
	int ret;

	if (whole_document(rq) < 0)
		return -1;
	/*
	 * A response sent back whole: its `warnings` are this response's, not
	 * part of the strategy, whose validation refuses a field it does not
	 * know (a file given to `strategy set` keeps that strictness).
	 */
	o = json_loadb(rq->body, rq->body_len, 0, &jerr);
	if (o && json_object_get(o, "warnings")) {
		json_object_del(o, "warnings");
		body = json_dumps(o, JSON_PRESERVE_ORDER);
		if (!body) {
			json_decref(o);
			return http_error(rq, 500, "environment", "", "out of memory");
		}
	}
	json_decref(o);
	o = NULL;
	ret = strategies_set(&rq->app, rq->params[0], body ? body : rq->body, "the request body", &rq->err);
	free(body);
	if (ret < 0 || strategies_show(&rq->app, rq->params[0], &text, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	w = malloc(sizeof(*w));
	if (!w) {
		free(text);
		return http_error(rq, 500, "environment", "", "out of memory");
	}
	if (strategies_template_warnings(&rq->app, rq->params[0], w, &rq->err) < 0) {
		free(w);
		free(text);
		return http_app_error(rq, &rq->err);
	}
	/* the tag of the strategy as stored (not of this answer, which adds its warnings): what a GET answers */
	http_etag_text(text, tag);
	if (http_etag_header(rq, rs, tag) < 0) {
		free(w);
		free(text);
		return -1;
	}
	o = json_loads(text, 0, &jerr);
	warnings = warnings_json(w);
	free(text);
	free(w);
	if (!o || !warnings || json_object_set(o, "warnings", warnings) < 0) {
		json_decref(o);
		json_decref(warnings);
		return http_error(rq, 500, "environment", "", "out of memory");
	}
	json_decref(warnings);
	return http_json(rq, rs, 200, o);
}

/* With If-Match, the check and the write in one transaction (http/etag.h). */
int api_strategy_put(struct http_request *rq, struct http_response *rs)
{
	int guarded;

	if (whole_document(rq) < 0 ||
	    http_if_match_begin(rq, strategy_tag, NULL, "strategy", rq->params[0], &guarded) < 0)
		return -1;
	return http_if_match_end(rq, guarded, strategy_put(rq, rs));
}

/* ---- contact-rules profiles ---- */

static int profile_item(void *ctx, const char *name, int edited)
{
	json_t *o = json_pack("{s:s, s:s}", "name", name, "source", edited ? "tenant" : "preset");
	return json_array_append_new(ctx, o) < 0 ? -ERR_ENV : 0;
}

int api_rules_profiles_list(struct http_request *rq, struct http_response *rs)
{
	json_t *items = json_array(), *o;
	char def[PROFILE_MAX + 1];

	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (rules_config_list(&rq->app, profile_item, items, def, sizeof(def), &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	o = http_list(items, NULL);
	if (o)
		json_object_set_new(o, "default", def[0] ? json_string(def) : json_null());
	return http_json(rq, rs, 200, o);
}

/* The profile the tenant uses under params[0], as `rules show --format json` writes it. */
static int profile_show(struct http_request *rq, struct http_response *rs)
{
	struct profile *p = malloc(sizeof(*p));
	int ret;

	if (!p)
		return http_error(rq, 500, "environment", "", "out of memory");
	/* a GET names nothing but the profile: a name the tenant cannot use is one that is not there */
	if (rules_config_show(&rq->app, rq->params[0], p, &rq->err) < 0)
		ret = rq->err.code == ERR_INPUT && (!strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD"))
			      ? http_error(rq, 404, "not_found", "name", "%s", rq->err.message)
			      : http_app_error(rq, &rq->err);
	else
		ret = json_text_tagged(rq, rs, profile_to_json_text(p));
	free(p);
	return ret;
}

int api_rules_profile_get(struct http_request *rq, struct http_response *rs)
{
	return profile_show(rq, rs);
}

/* The profile's tag for If-Match: 1, 0 when the tenant has no profile of that name, -1. */
static int profile_tag(struct http_request *rq, void *ctx, char out[HTTP_ETAG_MAX])
{
	struct profile *p = malloc(sizeof(*p));
	char *text;

	(void)ctx;
	if (!p)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (rules_config_show(&rq->app, rq->params[0], p, &rq->err) < 0) {
		free(p);
		return rq->err.code == ERR_INPUT || rq->err.code == ERR_NOT_FOUND ? 0 : http_app_error(rq, &rq->err);
	}
	text = profile_to_json_text(p);
	free(p);
	if (!text)
		return http_error(rq, 500, "environment", "", "out of memory");
	http_etag_text(text, out);
	free(text);
	return 1;
}

int api_rules_profile_put(struct http_request *rq, struct http_response *rs)
{
	int guarded, ret;

	if (whole_document(rq) < 0 ||
	    http_if_match_begin(rq, profile_tag, NULL, "profile", rq->params[0], &guarded) < 0)
		return -1;
	ret = rules_config_set(&rq->app, rq->params[0], rq->body, "the request body", &rq->err);
	ret = ret < 0 ? http_app_error(rq, &rq->err) : profile_show(rq, rs);
	return http_if_match_end(rq, guarded, ret);
}
