/*
 * cmd_report.c: recoup report kpi --from DATE --to DATE [--format table|csv|json]
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/money.h"
#include "core/kpi.h"
#include "codec/csv.h"
#include "store/reports.h"

struct kpi_run {
	struct kpi_report report;
	struct error *e;
};

static int on_item(void *ctx, const struct kpi_item *it)
{
	struct kpi_run *k = ctx;
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

static void kpi_to_text(const struct kpi_report *r, const struct kpi_currency *k, const char *locale,
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
	put(t, "dso_days", kpi_format_tenths(kpi_dso_tenths(k, r->to - r->from + 1), b, sizeof(b)));
	put(t, "cei_pct", kpi_format_bp(kpi_cei_bp(k), b, sizeof(b)));
	put(t, "delinquency_rate_pct", kpi_format_bp(kpi_ratio_bp(k->closing_overdue, k->closing_ar), b, sizeof(b)));
	put(t, "default_rate_balance_pct", kpi_format_bp(kpi_ratio_bp(k->closing_default, k->closing_ar), b, sizeof(b)));
	put(t, "default_rate_customers_pct",
	    kpi_format_bp(kpi_ratio_bp(k->customers_in_default, k->customers_with_balance), b, sizeof(b)));
	for (int i = 0; i < r->buckets.n - 1; i++) {
		snprintf(roll_names[i], sizeof(roll_names[i]), "roll_rate_%s_pct", r->buckets.labels[i]);
		put(t, roll_names[i], kpi_format_bp(kpi_ratio_bp(k->roll_moved[i], k->roll_base[i]), b, sizeof(b)));
	}
}

static int run_report(struct cli *cli, int argc, char **argv)
{
	struct store_tx *tx = NULL;
	static const struct option options[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'o' },
		{ "default-dpd", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct kpi_run k = { .e = &cli->err };
	struct aging_config buckets;
	enum output_format format = FORMAT_TABLE;
	date_t from = 0, to = 0;
	int have_from = 0, have_to = 0, default_dpd = 90, overflowed = 0, csv_header = 0, c, ret;
	char fb[DATE_TEXT_MAX], tb[DATE_TEXT_MAX];

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((ret = cli_parse_date(cli, &cmd_report, "--from", optarg, &from)) < 0)
				return ret;
			have_from = 1;
			break;
		case 't':
			if ((ret = cli_parse_date(cli, &cmd_report, "--to", optarg, &to)) < 0)
				return ret;
			have_to = 1;
			break;
		case 'o':
			if ((ret = cli_parse_format(cli, &cmd_report, optarg, FORMATS_ALL, &format)) < 0)
				return ret;
			break;
		case 'd': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 1 || v > 3650)
				return cli_usage_error(cli, &cmd_report, "--default-dpd '%s' is not a day count", optarg);
			default_dpd = (int)v;
			break;
		}
		default:
			return cli_usage_error(cli, &cmd_report, "unknown option");
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "kpi"))
		return cli_usage_error(cli, &cmd_report, "expected the report name 'kpi'");
	if (!have_from || !have_to)
		return cli_usage_error(cli, &cmd_report, "--from and --to are required");
	if (to < from)
		return cli_usage_error(cli, &cmd_report, "--to %s is before --from %s", date_format(to, tb, sizeof(tb)),
				       date_format(from, fb, sizeof(fb)));

	aging_config_default(&buckets);
	kpi_init(&k.report, from, to, default_dpd, &buckets);
	if ((ret = cli_tx_begin(cli, STORE_READ, &tx)) == 0)
		ret = store_kpi_items_each(tx, from, to, on_item, &k, &cli->err);
	store_tx_free(tx);
	if (ret > 0)
		ret = -ret;
	if (ret < 0)
		goto cleanup;
	kpi_finish(&k.report);
	for (size_t i = 0; i < k.report.n; i++) {
		if (!k.report.rows[i].overflow)
			continue;
		/* its figures would be wrong: name it, show the others, and fail at the end */
		fprintf(stderr, "recoup report: the %s figures add up beyond the 64-bit range of minor units; "
			"left out (run `recoup check` to find the customers whose balances cannot be summed, and "
			"`recoup aging --by customer`)\n", k.report.rows[i].currency);
		overflowed++;
	}
	date_format(from, fb, sizeof(fb));
	date_format(to, tb, sizeof(tb));

	if (format == FORMAT_JSON) {
		json_t *root = json_object(), *rows = json_array();
		char *text;
		json_object_set_new(root, "from", json_string(fb));
		json_object_set_new(root, "to", json_string(tb));
		json_object_set_new(root, "days", json_integer(to - from + 1));
		json_object_set_new(root, "default_dpd", json_integer(default_dpd));
		for (size_t i = 0; i < k.report.n; i++) {
			struct kpi_text t;
			json_t *o;
			if (k.report.rows[i].overflow)
				continue;
			o = json_object();
			kpi_to_text(&k.report, &k.report.rows[i], format == FORMAT_TABLE ? cli->locale : NULL, &t);
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
	} else if (format == FORMAT_CSV) {
		for (size_t i = 0; i < k.report.n; i++) {
			struct kpi_text t;
			if (k.report.rows[i].overflow)
				continue;
			kpi_to_text(&k.report, &k.report.rows[i], format == FORMAT_TABLE ? cli->locale : NULL, &t);
			if (!csv_header) {
				csv_header = 1;
				fputs("from,to", stdout);
				for (int j = 0; j < t.n; j++)
					printf(",%s", t.name[j]);
				fputc('\n', stdout);
			}
			printf("%s,%s", fb, tb);
			for (int j = 0; j < t.n; j++)
				codec_csv_put(stdout, t.value[j], 0);
			fputc('\n', stdout);
		}
	} else {
		printf("collection KPIs from %s to %s (%d days; default beyond %d DPD)\n", fb, tb, to - from + 1,
		       default_dpd);
		if (k.report.n == 0)
			printf("\n(no invoices issued by %s)\n", tb);
		for (size_t i = 0; i < k.report.n; i++) {
			struct kpi_text t;
			if (k.report.rows[i].overflow)
				continue;
			kpi_to_text(&k.report, &k.report.rows[i], format == FORMAT_TABLE ? cli->locale : NULL, &t);
			printf("\n%s\n", t.value[0]);
			for (int j = 1; j < t.n; j++)
				printf("  %-32s %s\n", t.name[j], t.value[j]);
		}
	}
	if (overflowed)
		ret = error_set(&cli->err, ERR_INPUT, "%d %s left out: %s sums overflow", overflowed,
				overflowed == 1 ? "currency" : "currencies", overflowed == 1 ? "its" : "their");
cleanup:
	kpi_release(&k.report);
	return ret;
}

const struct command cmd_report = {
	.name = "report",
	.summary = "collection KPIs: DSO, CEI, delinquency, default and roll rates",
	.usage = "usage: recoup report kpi --from DATE --to DATE [--format table|csv|json] [--default-dpd 90]\n\n"
		 "Per currency, over the period [--from, --to]: opening and closing receivables, credit\n"
		 "sales, DSO, CEI, delinquency rate, default rate (balance and customers beyond\n"
		 "--default-dpd days past due) and roll rates between aging buckets. The formulas are\n"
		 "in docs/reports.md. Percentages have two decimals; DSO is in days with one decimal.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_report,
};
