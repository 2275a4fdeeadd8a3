/*
 * report_disputes.c: `recoup report disputes [--as-of DATE] [--format
 * table|csv|json]` (app/report_disputes.h; the formulas in docs/reports.md,
 * "Disputes"). cmd_report.c hands the arguments over.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/report_disputes.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "codec/csv.h"
#include "core/money.h"

#define COLUMNS                                                                                                     \
	"currency", "reason", "opened", "open", "open_balance", "open_age_avg_days", "oldest_open_days", "overdue", \
		"upheld", "rejected", "credited", "credit", "resolve_avg_days"
#define N_COLUMNS 13

/* Average to one decimal ("" with nothing to average). */
static void average(char *buf, size_t size, long sum, long n)
{
	if (!n) {
		buf[0] = '\0';
		return;
	}
	long tenths = (sum * 10 + n / 2) / n;
	snprintf(buf, size, "%ld.%ld", tenths / 10, tenths % 10);
}

/* The row's values as text, in COLUMNS order; buf holds them. */
static void row_text(const struct report_disputes_row *r, char buf[N_COLUMNS][32], const char *v[N_COLUMNS])
{
	int exp = currency_exponent(r->currency);
	long resolved = r->upheld + r->rejected + r->credited;

	snprintf(buf[0], 32, "%s", r->currency);
	snprintf(buf[1], 32, "%s", r->reason[0] ? r->reason : "total");
	snprintf(buf[2], 32, "%ld", r->opened);
	snprintf(buf[3], 32, "%ld", r->open);
	money_format(r->open_balance, exp, buf[4], 32);
	average(buf[5], 32, r->open_age_sum, r->open);
	snprintf(buf[6], 32, "%ld", r->oldest_age);
	snprintf(buf[7], 32, "%ld", r->overdue);
	snprintf(buf[8], 32, "%ld", r->upheld);
	snprintf(buf[9], 32, "%ld", r->rejected);
	snprintf(buf[10], 32, "%ld", r->credited);
	money_format(r->credit, exp, buf[11], 32);
	average(buf[12], 32, r->resolve_days_sum, resolved);
	for (int i = 0; i < N_COLUMNS; i++)
		v[i] = buf[i];
}

static void print(const struct cli *cli, const struct report_disputes *r, enum output_format format, date_t as_of)
{
	static const char *const names[N_COLUMNS] = { COLUMNS };
	char buf[N_COLUMNS][32], day[DATE_TEXT_MAX];
	const char *v[N_COLUMNS];
	json_t *rows = json_array();

	date_format(as_of, day, sizeof(day));
	if (format == FORMAT_CSV)
		for (int i = 0; i < N_COLUMNS; i++)
			codec_csv_put(stdout, names[i], i == 0);
	if (format == FORMAT_CSV)
		fputc('\n', stdout);
	if (format == FORMAT_TABLE)
		cli_printf("disputes as of %s\n%-4s %-16s %6s %5s %14s %8s %7s %7s %6s %8s %8s %12s %8s\n", day, "cur",
			   "reason", "opened", "open", "open balance", "avg age", "oldest", "overdue", "upheld",
			   "rejected", "credited", "credit", "avg days");
	for (size_t i = 0; i < r->n; i++) {
		row_text(&r->rows[i], buf, v);
		if (format == FORMAT_JSON) {
			json_t *o = json_object();
			for (int k = 0; k < N_COLUMNS; k++)
				json_object_set_new(o, names[k], v[k][0] ? json_string(v[k]) : json_null());
			json_array_append_new(rows, o);
		} else if (format == FORMAT_CSV) {
			for (int k = 0; k < N_COLUMNS; k++)
				codec_csv_put(stdout, v[k], k == 0);
			fputc('\n', stdout);
		} else {
			/* the table's amounts in RECOUP_LOCALE's format; CSV and JSON keep plain decimals */
			char ob[CLI_MONEY_MAX], cr[CLI_MONEY_MAX];
			const struct report_disputes_row *w = &r->rows[i];
			cli_printf("%-4s %-16s %6s %5s %14s %8s %7s %7s %6s %8s %8s %12s %8s\n", v[0], v[1], v[2], v[3],
				   cli_money(cli, w->open_balance, w->currency, ob, sizeof(ob)), v[5], v[6], v[7], v[8],
				   v[9], v[10], cli_money(cli, w->credit, w->currency, cr, sizeof(cr)), v[12]);
		}
	}
	if (format == FORMAT_JSON) {
		json_t *o = json_pack("{s:s, s:o}", "as_of", day, "rows", rows);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
	} else {
		json_decref(rows);
	}
}

int report_disputes_run(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "as-of", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	date_t as_of = cli->app.today;
	struct report_disputes r;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (cli_parse_date(cli, &cmd_report, "--as-of", optarg, &as_of) < 0)
				return -ERR_USAGE;
			break;
		case 'o':
			if (cli_parse_format(cli, &cmd_report, optarg, FORMATS_ALL, &format) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_report, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_report, "unexpected argument '%s'", argv[optind]);
	ret = report_disputes_build(&cli->app, as_of, &r, &cli->err);
	if (ret < 0)
		return ret;
	print(cli, &r, format, as_of);
	report_disputes_release(&r);
	return 0;
}
