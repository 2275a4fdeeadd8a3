/*
 * report_print.c: the CLI's formats of the aging, the KPIs and the check.
 *
 * The aging's CSV form is a stable interface for scripts (docs/reports.md):
 * header "currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total",
 * with "customer_ref" first when by customer; amounts as plain decimal
 * strings. After "total" come "unapplied_credit" and "net". Rows are
 * written as the use case hands them, so memory stays flat by customer.
 */
#include "cli/report_print.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check.h"
#include "cli/tprintf.h"
#include "codec/csv.h"
#include "codec/json.h"
#include "core/kpi.h"
#include "core/money.h"

/* ---- aging ---- */

struct aging_print {
	struct cli *cli;
	enum output_format format;
	const struct aging_config *buckets;
	int by_customer;
	int head_out; /* the head was written */
	int rows_out;
	int left_out;
};

static int aging_head(void *arg, const struct reports_aging_head *h)
{
	struct aging_print *p = arg;
	char asof[DATE_TEXT_MAX];

	p->head_out = 1;
	p->buckets = h->buckets;
	p->by_customer = h->by_customer;
	if (p->format == FORMAT_CSV) {
		if (h->by_customer)
			fputs("customer_ref,", stdout);
		fputs("currency", stdout);
		for (int i = 0; i < h->buckets->n; i++)
			cli_printf(",%s", h->buckets->labels[i]);
		fputs(",total,unapplied_credit,net\n", stdout);
	} else if (p->format == FORMAT_TABLE) {
		cli_printf("aging as of %s (%s)\n\n", date_format(h->as_of, asof, sizeof(asof)),
			   h->current ? "current balances" : "balances at the end of that day, from the ledger");
		if (h->by_customer)
			cli_printf("%-14s ", "customer");
		cli_printf("%-8s", "currency");
		for (int i = 0; i < h->buckets->n; i++)
			cli_printf(" %15s", h->buckets->labels[i]);
		cli_printf(" %16s %16s %16s\n", "total", "unapplied credit", "net");
	} else {
		json_t *head = json_object(), *labels = json_array();
		json_object_set_new(head, "as_of", json_string(date_format(h->as_of, asof, sizeof(asof))));
		json_object_set_new(head, "balances", json_string(h->current ? "current" : "as_of"));
		json_object_set_new(head, "by", json_string(h->by_customer ? "customer" : "currency"));
		for (int i = 0; i < h->buckets->n; i++)
			json_array_append_new(labels, json_string(h->buckets->labels[i]));
		json_object_set_new(head, "buckets", labels);
		/* the rows follow one by one, as they are read: the head is written open */
		codec_json_write_head(stdout, head, JSON_PRESERVE_ORDER);
		json_decref(head);
		fputs(", \"rows\": [", stdout);
	}
	return 0;
}

static void aging_left_out(const struct reports_aging_row *r)
{
	/* no figure of this row is true: say which, and what to do, instead of failing every row */
	if (r->customer_ref)
		cli_fprintf(stderr,
			    "recoup aging: customer '%s': the %s balances add up beyond the 64-bit range "
			    "of minor units; left out (run `recoup check`, and correct or void the oversized "
			    "invoices)\n",
			    r->customer_ref, r->currency);
	else
		cli_fprintf(stderr,
			    "recoup aging: the %s balances add up beyond the 64-bit range of minor "
			    "units; left out (run `recoup aging --by customer` to see each customer's totals, and "
			    "`recoup check`)\n",
			    r->currency);
}

static void aging_json_row(struct aging_print *p, const struct reports_aging_row *r)
{
	json_t *o = reports_aging_row_json(r, p->buckets);
	char *text;

	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	cli_printf("%s%s", p->rows_out ? ",\n  " : "\n  ", text);
	free(text);
	json_decref(o);
}

static int aging_row(void *arg, const struct reports_aging_row *r)
{
	struct aging_print *p = arg;
	const char *locale = p->cli->locale;
	int exp = currency_exponent(r->currency);
	char buf[64];

	if (r->overflow) {
		aging_left_out(r);
		p->left_out++;
		return 0;
	}
	if (p->format == FORMAT_CSV) {
		if (r->customer_ref)
			codec_csv_put(stdout, r->customer_ref, 1);
		codec_csv_put(stdout, r->currency, !r->customer_ref);
		for (int i = 0; i < p->buckets->n; i++)
			cli_printf(",%s", money_format(r->bucket[i], exp, buf, sizeof(buf)));
		cli_printf(",%s", money_format(r->total, exp, buf, sizeof(buf)));
		cli_printf(",%s", money_format(r->unapplied_credit, exp, buf, sizeof(buf)));
		cli_printf(",%s\n", money_format(r->net, exp, buf, sizeof(buf)));
	} else if (p->format == FORMAT_TABLE) {
		if (r->customer_ref)
			cli_printf("%-14s ", r->customer_ref);
		cli_printf("%-8s", r->currency);
		for (int i = 0; i < p->buckets->n; i++)
			cli_printf(" %15s", money_format_locale(r->bucket[i], exp, locale, buf, sizeof(buf)));
		cli_printf(" %16s", money_format_locale(r->total, exp, locale, buf, sizeof(buf)));
		cli_printf(" %16s", money_format_locale(r->unapplied_credit, exp, locale, buf, sizeof(buf)));
		cli_printf(" %16s\n", money_format_locale(r->net, exp, locale, buf, sizeof(buf)));
	} else {
		aging_json_row(p, r);
	}
	p->rows_out++;
	return 0;
}

int report_print_aging(struct cli *cli, const struct reports_aging_options *opts, enum output_format format)
{
	struct aging_print p = { .cli = cli, .format = format };
	struct reports_aging_sink sink = { aging_head, aging_row, &p };
	int left_out = 0;
	int ret = reports_aging(&cli->app, opts, &sink, &left_out, &cli->err);

	/* rows left out still close the output: the others are right */
	if (!p.head_out || (ret < 0 && !left_out))
		return ret;
	if (format == FORMAT_JSON)
		cli_printf("%s]}\n", p.rows_out ? "\n" : "");
	else if (format == FORMAT_TABLE && p.rows_out == 0 && !p.left_out)
		cli_printf("(no open invoices)\n");
	return ret;
}

/* ---- KPIs ---- */

/* The figures of one currency as (name, text) pairs, in output order. */
#define KPI_FIELDS 16
struct kpi_text {
	const char *name[KPI_FIELDS + AGING_MAX_BUCKETS];
	char value[KPI_FIELDS + AGING_MAX_BUCKETS][40];
	int n;
};

static void put(struct kpi_text *t, const char *name, const char *value)
{
	t->name[t->n] = name;
	snprintf(t->value[t->n], sizeof(t->value[0]), "%s", value);
	t->n++;
}

/* locale NULL: plain decimals (CSV, JSON); else grouped for people (table). */
static char *amount(int64_t v, int exp, const char *locale, char *b, size_t size)
{
	return locale ? money_format_locale(v, exp, locale, b, size) : money_format(v, exp, b, size);
}

static void kpi_to_text(const struct reports_kpi *r, const struct reports_kpi_row *k, const char *locale,
			struct kpi_text *t)
{
	static char roll_names[AGING_MAX_BUCKETS][32];
	int exp = currency_exponent(k->currency);
	char b[40];

	t->n = 0;
	put(t, "currency", k->currency);
	put(t, "opening_ar", amount(k->opening_ar, exp, locale, b, sizeof(b)));
	put(t, "credit_sales", amount(k->credit_sales, exp, locale, b, sizeof(b)));
	put(t, "closing_ar", amount(k->closing_ar, exp, locale, b, sizeof(b)));
	put(t, "closing_current", amount(k->closing_current, exp, locale, b, sizeof(b)));
	put(t, "closing_overdue", amount(k->closing_overdue, exp, locale, b, sizeof(b)));
	put(t, "dso_days", kpi_format_tenths(k->dso_tenths, b, sizeof(b)));
	put(t, "cei_pct", kpi_format_bp(k->cei_bp, b, sizeof(b)));
	put(t, "delinquency_rate_pct", kpi_format_bp(k->delinquency_bp, b, sizeof(b)));
	put(t, "default_rate_balance_pct", kpi_format_bp(k->default_balance_bp, b, sizeof(b)));
	put(t, "default_rate_customers_pct", kpi_format_bp(k->default_customers_bp, b, sizeof(b)));
	for (int i = 0; i < r->buckets.n - 1; i++) {
		snprintf(roll_names[i], sizeof(roll_names[i]), "roll_rate_%s_pct", r->buckets.labels[i]);
		put(t, roll_names[i], kpi_format_bp(k->roll_bp[i], b, sizeof(b)));
	}
}

static void kpi_json(const struct reports_kpi *k, const char *fb, const char *tb)
{
	json_t *root = json_object(), *rows = json_array();
	char *text;

	json_object_set_new(root, "from", json_string(fb));
	json_object_set_new(root, "to", json_string(tb));
	json_object_set_new(root, "days", json_integer(k->days));
	json_object_set_new(root, "default_dpd", json_integer(k->default_dpd));
	for (size_t i = 0; i < k->n; i++) {
		struct kpi_text t;
		json_t *o;
		if (k->rows[i].overflow)
			continue;
		o = json_object();
		kpi_to_text(k, &k->rows[i], NULL, &t);
		for (int j = 0; j < t.n; j++)
			json_object_set_new(o, t.name[j],
					    strcmp(t.value[j], "n/a") ? json_string(t.value[j]) : json_null());
		json_array_append_new(rows, o);
	}
	json_object_set_new(root, "currencies", rows);
	text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	puts(text);
	free(text);
	json_decref(root);
}

static void kpi_csv(const struct reports_kpi *k, const char *fb, const char *tb)
{
	/*
	 * The header always, from an empty row's names: a period with no
	 * invoice issued by its end still gives a script the columns (as
	 * aging's CSV and the exports do), not an empty output.
	 */
	struct reports_kpi_row none = { 0 };
	struct kpi_text t;

	kpi_to_text(k, &none, NULL, &t);
	fputs("from,to", stdout);
	for (int j = 0; j < t.n; j++)
		cli_printf(",%s", t.name[j]);
	fputc('\n', stdout);
	for (size_t i = 0; i < k->n; i++) {
		if (k->rows[i].overflow)
			continue;
		kpi_to_text(k, &k->rows[i], NULL, &t);
		cli_printf("%s,%s", fb, tb);
		for (int j = 0; j < t.n; j++)
			codec_csv_put(stdout, t.value[j], 0);
		fputc('\n', stdout);
	}
}

static void kpi_table(const struct reports_kpi *k, const char *locale, const char *fb, const char *tb)
{
	cli_printf("collection KPIs from %s to %s (%d days; default beyond %d DPD)\n", fb, tb, k->days, k->default_dpd);
	if (k->n == 0)
		cli_printf("\n(no invoices issued by %s)\n", tb);
	for (size_t i = 0; i < k->n; i++) {
		struct kpi_text t;
		if (k->rows[i].overflow)
			continue;
		kpi_to_text(k, &k->rows[i], locale, &t);
		cli_printf("\n%s\n", t.value[0]);
		for (int j = 1; j < t.n; j++)
			cli_printf("  %-32s %s\n", t.name[j], t.value[j]);
	}
}

int report_print_kpi(struct cli *cli, const struct reports_kpi_options *opts, enum output_format format)
{
	struct reports_kpi k = REPORTS_KPI_INIT;
	char fb[DATE_TEXT_MAX], tb[DATE_TEXT_MAX];
	int ret = reports_kpi(&cli->app, opts, &k, &cli->err);

	/* currencies left out still leave the others right: name them, show the rest, fail at the end */
	if (ret < 0 && !k.left_out)
		goto cleanup;
	for (size_t i = 0; i < k.n; i++)
		if (k.rows[i].overflow)
			cli_fprintf(
				stderr,
				"recoup report: the %s figures add up beyond the 64-bit range of minor units; "
				"left out (run `recoup check` to find the customers whose balances cannot be summed, "
				"and `recoup aging --by customer`)\n",
				k.rows[i].currency);
	date_format(k.from, fb, sizeof(fb));
	date_format(k.to, tb, sizeof(tb));
	if (format == FORMAT_JSON)
		kpi_json(&k, fb, tb);
	else if (format == FORMAT_CSV)
		kpi_csv(&k, fb, tb);
	else
		kpi_table(&k, cli->locale, fb, tb);
cleanup:
	reports_kpi_release(&k);
	return ret;
}

/* ---- check ---- */

static int check_invoice(void *arg, const struct invoice *inv)
{
	char a[MONEY_TEXT_MAX];
	int exp = currency_exponent(inv->currency);

	(void)arg;
	cli_fprintf(stderr, "invoice '%s': balance does not match its ledger entries (ledger sum %s %s)\n", inv->ref,
		    money_format(inv->balance, exp, a, sizeof(a)), inv->currency);
	return 0;
}

static int check_sum(void *arg, const struct check_sum *s)
{
	(void)arg;
	if (*s->customer_ref)
		cli_fprintf(stderr,
			    "customer '%s': %s in %s adds up beyond the 64-bit range of minor units; reports "
			    "of it fail (correct or void the oversized entries)\n",
			    s->customer_ref, s->what, s->currency);
	else
		cli_fprintf(stderr,
			    "currency %s: the tenant's %s adds up beyond the 64-bit range of minor units; the "
			    "%s totals of aging and report kpi are left out\n",
			    s->currency, s->what, s->currency);
	return 0;
}

/* Named with its balance and the limit, each in the invoice's currency. */
static int check_over_limit(void *arg, const struct invoice *inv)
{
	char a[MONEY_TEXT_MAX], m[MONEY_TEXT_MAX], d[DATE_TEXT_MAX];
	int exp = currency_exponent(inv->currency);

	(void)arg;
	cli_fprintf(stderr,
		    "invoice '%s' (customer '%s', due %s): balance %s %s is beyond %s %s, the largest amount recoup "
		    "keeps; no one payment, credit or write-off settles it (a fee or interest posted before the "
		    "limit: correct or void the oversized entries)\n",
		    inv->ref, inv->customer_ref, date_format(inv->due_date, d, sizeof(d)),
		    money_format(inv->balance, exp, a, sizeof(a)), inv->currency,
		    money_format(MONEY_AMOUNT_MAX, exp, m, sizeof(m)), inv->currency);
	return 0;
}

int report_print_check(struct cli *cli)
{
	struct check_sink sink = { check_invoice, check_sum, NULL, check_over_limit };
	int ret = check_run(&cli->app, &sink, NULL, &cli->err);

	if (ret == 0)
		cli_printf(
			"ledger ok: every invoice balance equals the sum of its ledger entries, is within the largest "
			"amount, and every sum fits\n");
	return ret;
}
