/*
 * report_promises.c: recoup report promises [--from DATE --to DATE]
 * [--format table|csv|json] — the figures are app/report_promises'; the
 * formats are here. Amounts are plain decimals in CSV and JSON, grouped
 * for people in the table; the kept rate is a percentage with two
 * decimals, "n/a" (JSON null) when no promise was due.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/report_promises.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "cli/report_print.h"
#include "codec/csv.h"
#include "core/kpi.h"
#include "core/money.h"

#define COLUMNS 12

static const char *const names[COLUMNS] = { "dimension", "key",           "currency",        "made",
					    "due",       "kept",          "partially_kept",  "broken",
					    "current",   "kept_rate_pct", "amount_promised", "amount_kept" };

/* The row's values as text; locale NULL: plain decimals. */
static void to_text(const struct report_promises_row *w, const char *locale, char v[COLUMNS][48])
{
	int exp = currency_exponent(w->currency);
	const int64_t counts[6] = { w->made, w->due, w->kept, w->partially_kept, w->broken, w->current };

	snprintf(v[0], 48, "%s", w->dimension);
	snprintf(v[1], 48, "%s", w->key);
	snprintf(v[2], 48, "%s", w->currency);
	for (int i = 0; i < 6; i++)
		snprintf(v[3 + i], 48, "%lld", (long long)counts[i]);
	kpi_format_bp(w->kept_rate_bp, v[9], 48);
	if (locale) {
		money_format_locale(w->amount_promised, exp, locale, v[10], 48);
		money_format_locale(w->amount_kept, exp, locale, v[11], 48);
	} else {
		money_format(w->amount_promised, exp, v[10], 48);
		money_format(w->amount_kept, exp, v[11], 48);
	}
}

static void print_json(const struct report_promises *r, const char *fb, const char *tb)
{
	json_t *root = json_object(), *rows = json_array();
	char v[COLUMNS][48], *text;

	json_object_set_new(root, "from", fb[0] ? json_string(fb) : json_null());
	json_object_set_new(root, "to", tb[0] ? json_string(tb) : json_null());
	for (size_t i = 0; i < r->n; i++) {
		json_t *o = json_object();
		to_text(&r->rows[i], NULL, v);
		for (int j = 0; j < COLUMNS; j++) {
			if (j >= 3 && j <= 8)
				json_object_set_new(o, names[j], json_integer(strtoll(v[j], NULL, 10)));
			else if (j == 9 && !strcmp(v[j], "n/a"))
				json_object_set_new(o, names[j], json_null());
			else
				json_object_set_new(o, names[j], json_string(v[j]));
		}
		json_array_append_new(rows, o);
	}
	json_object_set_new(root, "rows", rows);
	text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	puts(text ? text : "{}");
	free(text);
	json_decref(root);
}

static void print_csv(const struct report_promises *r)
{
	char v[COLUMNS][48];

	for (int j = 0; j < COLUMNS; j++)
		codec_csv_put(stdout, names[j], j == 0);
	fputc('\n', stdout);
	for (size_t i = 0; i < r->n; i++) {
		to_text(&r->rows[i], NULL, v);
		for (int j = 0; j < COLUMNS; j++)
			codec_csv_put(stdout, v[j], j == 0);
		fputc('\n', stdout);
	}
}

static void print_table(const struct report_promises *r, const char *locale, const char *fb, const char *tb)
{
	char v[COLUMNS][48];

	cli_printf("promises made %s%s%s%s\n", fb[0] ? "from " : "", fb[0] ? fb : "", tb[0] ? " to " : "",
		   tb[0] ? tb : (fb[0] ? "" : "(all)"));
	if (r->n == 0) {
		cli_printf("(no promise)\n");
		return;
	}
	cli_printf("%-10s %-16s %-3s %6s %6s %6s %7s %6s %7s %8s %16s %16s\n", "by", "key", "cur", "made", "due",
		   "kept", "partial", "broken", "current", "kept %", "promised", "kept");
	for (size_t i = 0; i < r->n; i++) {
		to_text(&r->rows[i], locale, v);
		cli_printf("%-10s %-16s %-3s %6s %6s %6s %7s %6s %7s %8s %16s %16s\n", v[0], v[1], v[2], v[3], v[4],
			   v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
	}
}

int report_print_promises(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	struct report_promises r;
	date_t from = 0, to = 0;
	char fb[DATE_TEXT_MAX] = "", tb[DATE_TEXT_MAX] = "";
	int c, ret = 0;

	optind = 1;
	while (ret == 0 && (c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'f')
			ret = cli_parse_date(cli, &cmd_report, "--from", optarg, &from);
		else if (c == 't')
			ret = cli_parse_date(cli, &cmd_report, "--to", optarg, &to);
		else if (c == 'o')
			ret = cli_parse_format(cli, &cmd_report, optarg, FORMATS_ALL, &format);
		else
			ret = cli_usage_error(cli, &cmd_report, "unknown option");
	}
	if (ret < 0)
		return ret;
	if (optind < argc)
		return cli_usage_error(cli, &cmd_report, "unexpected argument '%s'", argv[optind]);
	if (from && to && to < from)
		return cli_usage_error(cli, &cmd_report, "--to is before --from");
	if (from)
		date_format(from, fb, sizeof(fb));
	if (to)
		date_format(to, tb, sizeof(tb));
	ret = report_promises(&cli->app, from, to, &r, &cli->err);
	if (ret < 0)
		return ret;
	if (format == FORMAT_JSON)
		print_json(&r, fb, tb);
	else if (format == FORMAT_CSV)
		print_csv(&r);
	else
		print_table(&r, cli->locale, fb, tb);
	report_promises_release(&r);
	return 0;
}
