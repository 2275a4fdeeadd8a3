/*
 * cmd_aging.c: recoup aging [--as-of DATE] [--by customer|currency] [--format table|csv|json]
 *
 * The CSV form is a stable interface for scripts (docs/reports.md): header
 * "currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total", with
 * "customer_ref" first when --by customer; amounts as plain decimal strings.
 * After "total" come "unapplied_credit" (cash received from the customers
 * and not applied to an invoice yet) and "net" (total - unapplied_credit):
 * a customer holding credit is not as overdue as its open invoices say. A
 * currency (or customer) holding credit and nothing open gets a line too.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/aging.h"
#include "core/money.h"
#include "codec/csv.h"
#include "codec/json.h"
#include "store/reports.h"

struct aging_run {
	struct cli *cli;
	struct aging_config cfg;
	date_t as_of;
	date_t at;                          /* STORE_NOW, or as_of for a past date */
	enum output_format format;
	int by_customer;
	struct aging_totals totals;         /* per currency, or per customer being read */
	char customer_ref[REF_MAX + 1];
	int64_t customer_id;
	int rows_out;
	int overflowed;                     /* rows left out: their sums overflow */
	struct error *e;
	struct credit *credits;             /* unapplied credit, customers in ref order */
	size_t n_credits, cap_credits;
	size_t next_credit;                 /* by customer: the first not printed yet */
};

struct credit {
	int64_t customer_id;
	char customer_ref[REF_MAX + 1];
	char currency[4];
	int64_t amount;
};

static int add_credit(void *ctx, int64_t customer_id, const char *customer_ref, const char *currency, int64_t amount)
{
	struct aging_run *a = ctx;
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

/* Credit in `currency`, of one customer (customer_id >= 0) or of all (-1). */
static int64_t credit_of(const struct aging_run *a, int64_t customer_id, const char *currency)
{
	int64_t sum = 0;
	for (size_t i = 0; i < a->n_credits; i++)
		if ((customer_id < 0 || a->credits[i].customer_id == customer_id) &&
		    !strcmp(a->credits[i].currency, currency))
			sum += a->credits[i].amount;
	return sum;
}

static void print_header(struct aging_run *a)
{
	if (a->format == FORMAT_CSV) {
		if (a->by_customer)
			fputs("customer_ref,", stdout);
		fputs("currency", stdout);
		for (int i = 0; i < a->cfg.n; i++)
			printf(",%s", a->cfg.labels[i]);
		fputs(",total,unapplied_credit,net\n", stdout);
	} else if (a->format == FORMAT_TABLE) {
		char asof[DATE_TEXT_MAX];
		printf("aging as of %s (%s)\n\n", date_format(a->as_of, asof, sizeof(asof)),
		       a->at == STORE_NOW ? "current balances" : "balances at the end of that day, from the ledger");
		if (a->by_customer)
			printf("%-14s ", "customer");
		printf("%-8s", "currency");
		for (int i = 0; i < a->cfg.n; i++)
			printf(" %15s", a->cfg.labels[i]);
		printf(" %16s %16s %16s\n", "total", "unapplied credit", "net");
	} else {
		char asof[DATE_TEXT_MAX];
		json_t *head = json_object(), *buckets = json_array();
		json_object_set_new(head, "as_of", json_string(date_format(a->as_of, asof, sizeof(asof))));
		json_object_set_new(head, "balances", json_string(a->at == STORE_NOW ? "current" : "as_of"));
		json_object_set_new(head, "by", json_string(a->by_customer ? "customer" : "currency"));
		for (int i = 0; i < a->cfg.n; i++)
			json_array_append_new(buckets, json_string(a->cfg.labels[i]));
		json_object_set_new(head, "buckets", buckets);
		/* the rows follow one by one, as they are read: the head is written open */
		codec_json_write_head(stdout, head, JSON_PRESERVE_ORDER);
		json_decref(head);
		fputs(", \"rows\": [", stdout);
	}
}

static void print_row(struct aging_run *a, const char *customer_ref, const struct aging_row *r, int64_t credit)
{
	int exp = currency_exponent(r->currency);
	char buf[64];
	int64_t net = 0;

	/* both sums were overflow-checked as they were added; their difference may not be */
	if (__builtin_sub_overflow(r->total, credit, &net))
		net = r->total;

	if (r->overflow) {
		/* no figure of this row is true: say which, and what to do, instead of failing every row */
		if (customer_ref)
			fprintf(stderr, "recoup aging: customer '%s': the %s balances add up beyond the 64-bit range "
				"of minor units; left out (run `recoup check`, and correct or void the oversized "
				"invoices)\n", customer_ref, r->currency);
		else
			fprintf(stderr, "recoup aging: the %s balances add up beyond the 64-bit range of minor "
				"units; left out (run `recoup aging --by customer` to see each customer's totals, and "
				"`recoup check`)\n", r->currency);
		a->overflowed++;
		return;
	}
	if (a->format == FORMAT_CSV) {
		if (customer_ref)
			codec_csv_put(stdout, customer_ref, 1);
		codec_csv_put(stdout, r->currency, !customer_ref);
		for (int i = 0; i < a->cfg.n; i++)
			printf(",%s", money_format(r->bucket[i], exp, buf, sizeof(buf)));
		printf(",%s", money_format(r->total, exp, buf, sizeof(buf)));
		printf(",%s", money_format(credit, exp, buf, sizeof(buf)));
		printf(",%s\n", money_format(net, exp, buf, sizeof(buf)));
	} else if (a->format == FORMAT_TABLE) {
		if (customer_ref)
			printf("%-14s ", customer_ref);
		printf("%-8s", r->currency);
		for (int i = 0; i < a->cfg.n; i++)
			printf(" %15s", money_format_locale(r->bucket[i], exp, a->cli->locale, buf, sizeof(buf)));
		printf(" %16s", money_format_locale(r->total, exp, a->cli->locale, buf, sizeof(buf)));
		printf(" %16s", money_format_locale(credit, exp, a->cli->locale, buf, sizeof(buf)));
		printf(" %16s\n", money_format_locale(net, exp, a->cli->locale, buf, sizeof(buf)));
	} else {
		json_t *o = json_object();
		char *text;
		if (customer_ref)
			json_object_set_new(o, "customer_ref", json_string(customer_ref));
		json_object_set_new(o, "currency", json_string(r->currency));
		for (int i = 0; i < a->cfg.n; i++)
			json_object_set_new(o, a->cfg.labels[i],
					    json_string(money_format(r->bucket[i], exp, buf, sizeof(buf))));
		json_object_set_new(o, "total", json_string(money_format(r->total, exp, buf, sizeof(buf))));
		json_object_set_new(o, "invoices", json_integer(r->count));
		json_object_set_new(o, "unapplied_credit", json_string(money_format(credit, exp, buf, sizeof(buf))));
		json_object_set_new(o, "net", json_string(money_format(net, exp, buf, sizeof(buf))));
		text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		printf("%s%s", a->rows_out ? ",\n  " : "\n  ", text);
		free(text);
		json_decref(o);
	}
	a->rows_out++;
}

/* Customers holding credit and nothing open, whose ref sorts before `ref` (NULL: all left). */
static int flush_credit_only(struct aging_run *a, const char *ref)
{
	while (a->next_credit < a->n_credits) {
		const struct credit *c = &a->credits[a->next_credit];
		struct aging_row row;
		if (ref && strcmp(c->customer_ref, ref) >= 0)
			break;
		memset(&row, 0, sizeof(row));
		memcpy(row.currency, c->currency, sizeof(row.currency));
		print_row(a, c->customer_ref, &row, c->amount);
		a->next_credit++;
	}
	return 0;
}

static int flush_customer(struct aging_run *a)
{
	flush_credit_only(a, a->customer_ref);
	/* this customer's credit, in currencies where nothing is open too */
	for (; a->next_credit < a->n_credits && a->credits[a->next_credit].customer_id == a->customer_id;
	     a->next_credit++)
		if (aging_totals_touch(&a->totals, a->credits[a->next_credit].currency, a->e) < 0)
			return -ERR_ENV;
	aging_totals_sort(&a->totals);
	for (size_t i = 0; i < a->totals.n; i++)
		print_row(a, a->customer_ref, &a->totals.rows[i],
			  credit_of(a, a->customer_id, a->totals.rows[i].currency));
	aging_totals_clear(&a->totals);
	return 0;
}

static int on_item(void *ctx, const struct open_item *it)
{
	struct aging_run *a = ctx;
	if (a->by_customer && it->customer_id != a->customer_id) {
		if (a->totals.n && flush_customer(a) < 0)
			return -ERR_ENV;
		a->customer_id = it->customer_id;
		snprintf(a->customer_ref, sizeof(a->customer_ref), "%s", it->customer_ref);
	}
	return aging_totals_add(&a->totals, &a->cfg, it->currency, a->as_of, it->due_date, it->balance, a->e);
}

static int run_aging(struct cli *cli, int argc, char **argv)
{
	struct store_tx *tx = NULL;
	static const struct option options[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "buckets", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct aging_run a = { .cli = cli, .totals = AGING_TOTALS_INIT, .customer_id = -1, .e = &cli->err };
	int c, ret;

	a.as_of = cli_today();
	a.format = FORMAT_TABLE;
	aging_config_default(&a.cfg);
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((ret = cli_parse_date(cli, &cmd_aging, "--as-of", optarg, &a.as_of)) < 0)
				return ret;
			break;
		case 'b':
			if (!strcmp(optarg, "customer"))
				a.by_customer = 1;
			else if (strcmp(optarg, "currency"))
				return cli_usage_error(cli, &cmd_aging, "--by '%s' is not customer or currency", optarg);
			break;
		case 'f':
			if ((ret = cli_parse_format(cli, &cmd_aging, optarg, FORMATS_ALL, &a.format)) < 0)
				return ret;
			break;
		case 'k':
			if (aging_config_parse(&a.cfg, optarg, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_aging, "%s", cli->err.message);
			break;
		default:
			return cli_usage_error(cli, &cmd_aging, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_aging, "unexpected argument '%s'", argv[optind]);

	/* a past date: the balances as they stood then, not today's */
	a.at = a.as_of < cli_today() ? a.as_of : STORE_NOW;
	if ((ret = cli_tx_begin(cli, STORE_READ, &tx)) < 0)
		return ret;
	if ((ret = store_unapplied_each(tx, a.at, add_credit, &a, &cli->err)) != 0) {
		store_tx_free(tx);
		free(a.credits);
		return ret > 0 ? -ret : ret;
	}
	print_header(&a);
	ret = store_open_items_each(tx, a.by_customer, a.at, on_item, &a, &cli->err);
	if (ret > 0)
		ret = -ret;
	if (ret == 0) {
		if (a.by_customer) {
			if (a.totals.n)
				ret = flush_customer(&a);
			flush_credit_only(&a, NULL);
		} else {
			for (size_t i = 0; i < a.n_credits && ret == 0; i++)
				ret = aging_totals_touch(&a.totals, a.credits[i].currency, &cli->err);
			aging_totals_sort(&a.totals);
			for (size_t i = 0; i < a.totals.n; i++)
				print_row(&a, NULL, &a.totals.rows[i], credit_of(&a, -1, a.totals.rows[i].currency));
		}
		if (a.format == FORMAT_JSON)
			printf("%s]}\n", a.rows_out ? "\n" : "");
		else if (a.format == FORMAT_TABLE && a.rows_out == 0 && !a.overflowed)
			printf("(no open invoices)\n");
		if (a.overflowed)
			ret = error_set(&cli->err, ERR_INPUT, "%d %s left out: %s sums overflow", a.overflowed,
					a.overflowed == 1 ? "row" : "rows", a.overflowed == 1 ? "its" : "their");
	}
	store_tx_free(tx);
	aging_totals_release(&a.totals);
	free(a.credits);
	return ret;
}

const struct command cmd_aging = {
	.name = "aging",
	.summary = "aging report: open balances by days past due, per currency",
	.usage = "usage: recoup aging [--as-of DATE] [--by customer|currency] [--format table|csv|json]\n"
		 "                    [--buckets 30,60,90,180,365]\n\n"
		 "Sums open invoice balances into buckets of days past due at --as-of (default today,\n"
		 "UTC): current, 1-30, 31-60, 61-90, 91-180, 181-365, over-365. For a past --as-of the\n"
		 "balances are those at the end of that day, rebuilt from the dated ledger (a month-end\n"
		 "aging stays the month-end aging); invoices issued later are left out. One row per currency;\n"
		 "currencies are never added together. With --by customer, one row per customer and\n"
		 "currency. The CSV form is stable for scripts; amounts are decimal strings in major units.\n"
		 "After the total: the unapplied credit (cash received, not yet applied to an invoice) and\n"
		 "the net (total - credit); a currency or customer holding only credit gets a line too.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_aging,
};
