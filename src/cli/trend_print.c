/*
 * trend_print.c: `recoup report trend` as the CLI prints it: a table of the
 * whole book per run date and currency (accounts, open invoices, balance,
 * and the balance per aging bucket), or every snapshot row (the book, and
 * per strategy) as CSV or JSON. The rows are app/trend's.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/trend.h"
#include "cli/tprintf.h"
#include "cli/report_print.h"
#include "codec/csv.h"
#include "core/aging.h"
#include "core/money.h"

struct trend_out {
	enum output_format format;
	const char *locale; /* the table's amounts (RECOUP_LOCALE); CSV and JSON keep plain decimals */
	int rows;
	/*
	 * The table: one line per (date, currency). The rows come sorted by
	 * bucket label as text, so the balances are gathered by bucket and
	 * printed in the aging order the run used (the default buckets).
	 */
	struct aging_config buckets;
	date_t date;
	char currency[4];
	int64_t accounts, invoices, balance;
	int64_t by_bucket[AGING_MAX_BUCKETS];
	unsigned char seen[AGING_MAX_BUCKETS];
	int overflow;        /* this line's balance does not fit in 64 bits */
	char overflowed[64]; /* the first line that did not: "2026-11-30 EUR" */
};

static void table_flush(struct trend_out *o)
{
	char d[DATE_TEXT_MAX], b[CLI_MONEY_MAX];
	int exp = currency_exponent(o->currency), first = 1;

	if (!o->currency[0])
		return;
	date_format(o->date, d, sizeof(d));
	if (o->overflow) {
		/* named, left out, and the command fails (as aging and report kpi do) */
		if (!o->overflowed[0])
			snprintf(o->overflowed, sizeof(o->overflowed), "%s %s", d, o->currency);
		cli_printf("%s %-3s %9lld %9lld %16s\n", d, o->currency, (long long)o->accounts, (long long)o->invoices,
			   "overflow");
		o->overflow = 0;
		o->currency[0] = '\0';
		o->accounts = o->invoices = o->balance = 0;
		memset(o->by_bucket, 0, sizeof(o->by_bucket));
		memset(o->seen, 0, sizeof(o->seen));
		return;
	}
	cli_printf("%s %-3s %9lld %9lld %16s ", d, o->currency, (long long)o->accounts, (long long)o->invoices,
		   money_format_locale(o->balance, exp, o->locale, b, sizeof(b)));
	for (int i = 0; i < o->buckets.n; i++) {
		if (!o->seen[i])
			continue;
		cli_printf("%s %s %s", first ? "" : ",", o->buckets.labels[i],
			   money_format_locale(o->by_bucket[i], exp, o->locale, b, sizeof(b)));
		first = 0;
	}
	putchar('\n');
	o->currency[0] = '\0';
	o->accounts = o->invoices = o->balance = 0;
	memset(o->by_bucket, 0, sizeof(o->by_bucket));
	memset(o->seen, 0, sizeof(o->seen));
}

static int on_row(void *ctx, const struct snapshot_row *r)
{
	struct trend_out *o = ctx;
	char d[DATE_TEXT_MAX], b[64], n1[32], n2[32];

	o->rows++;
	if (o->format == FORMAT_JSON) {
		json_t *j = json_object();
		char *text;
		json_object_set_new(j, "run_date", json_string(date_format(r->run_date, d, sizeof(d))));
		json_object_set_new(j, "dimension", json_string(r->dimension));
		json_object_set_new(j, "key", json_string(r->key));
		json_object_set_new(j, "currency", json_string(r->currency));
		json_object_set_new(j, "bucket", json_string(r->bucket));
		json_object_set_new(j, "accounts", json_integer(r->accounts));
		json_object_set_new(j, "invoices", json_integer(r->invoices));
		json_object_set_new(
			j, "balance",
			json_string(money_format(r->balance, currency_exponent(r->currency), b, sizeof(b))));
		text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
		cli_printf("%s\n  %s", o->rows == 1 ? "" : ",", text ? text : "{}");
		free(text);
		json_decref(j);
		return 0;
	}
	money_format(r->balance, currency_exponent(r->currency), b, sizeof(b));
	if (o->format == FORMAT_CSV) {
		snprintf(n1, sizeof(n1), "%lld", (long long)r->accounts);
		snprintf(n2, sizeof(n2), "%lld", (long long)r->invoices);
		{
			const char *f[] = { date_format(r->run_date, d, sizeof(d)),
					    r->dimension,
					    r->key,
					    r->currency,
					    r->bucket,
					    n1,
					    n2,
					    b };
			for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
				codec_csv_put(stdout, f[i], i == 0);
			putchar('\n');
		}
		return 0;
	}
	if (strcmp(r->dimension, "total"))
		return 0;
	if (o->date != r->run_date || strcmp(o->currency, r->currency))
		table_flush(o);
	o->date = r->run_date;
	snprintf(o->currency, sizeof(o->currency), "%s", r->currency);
	o->accounts += r->accounts;
	o->invoices += r->invoices;
	if (money_add(o->balance, r->balance, &o->balance) < 0)
		o->overflow = 1;
	for (int i = 0; i < o->buckets.n; i++)
		if (!strcmp(r->bucket, o->buckets.labels[i])) {
			if (money_add(o->by_bucket[i], r->balance, &o->by_bucket[i]) < 0)
				o->overflow = 1;
			o->seen[i] = 1;
		}
	return 0;
}

int report_print_trend(struct cli *cli, date_t from, date_t to, enum output_format format)
{
	struct trend_out o = { .format = format, .locale = cli->locale };
	int ret;

	aging_config_default(&o.buckets);
	if (format == FORMAT_JSON)
		cli_printf("[");
	else if (format == FORMAT_CSV)
		cli_printf("run_date,dimension,key,currency,bucket,accounts,invoices,balance\n");
	else
		cli_printf("%-10s %-3s %9s %9s %16s  %s\n", "date", "cur", "accounts", "invoices", "balance",
			   "by bucket");
	ret = trend_each(&cli->app, from, to, on_row, &o, &cli->err);
	if (format == FORMAT_JSON)
		cli_printf("%s]\n", o.rows ? "\n" : "");
	else if (format == FORMAT_TABLE)
		table_flush(&o);
	if (ret == 0 && format == FORMAT_TABLE && o.rows == 0)
		cli_printf("no daily run stored a snapshot in this period (recoup run stores one per day)\n");
	if (ret == 0 && o.overflowed[0])
		ret = error_set(&cli->err, ERR_INPUT,
				"the balance of %s does not fit in 64 bits of minor units: its line is left out",
				o.overflowed);
	return ret;
}
