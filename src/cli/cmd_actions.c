/*
 * cmd_actions.c: recoup actions [--date DATE] [--customer REF] [--kind K] [--state S] [--format table|csv|json]
 *
 * What the daily runs decided (app/actions). The JSON form is a stable
 * interface for scripts: an array of objects with exactly the keys of
 * json_row() below. --date lists the actions of that run date and those
 * first recorded on it and done again since (first_run_date).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/actions.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "codec/csv.h"
#include "core/money.h"

struct out {
	enum output_format format;
	int first;
	long long rows;
	struct error *e;
	const struct cli *cli;
};

/*
 * A moment, "" (null) when there is none: `none` is the value that means
 * none, 0 for next_allowed_at (never a real moment: it is after the moment
 * asked, and none is before 1970) and TIMESTAMP_NONE for scheduled_at,
 * where 0 is 1970-01-01T00:00:00Z (a run for that day).
 */
static void ts_text(timestamp_t t, timestamp_t none, char *buf, size_t size)
{
	if (t != none)
		timestamp_format(t, buf, size);
	else
		buf[0] = '\0';
}

static json_t *ts_json(timestamp_t t, timestamp_t none)
{
	char buf[TIMESTAMP_TEXT_MAX];
	if (t == none)
		return json_null();
	return json_string(timestamp_format(t, buf, sizeof(buf)));
}

static json_t *text_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

/* The run date it was first recorded with: its run_date unless a run did it again since. */
static date_t first_run_date(const struct action_record *a)
{
	return a->first_run_date ? a->first_run_date : a->run_date;
}

static void json_row(const struct actions_row *row, int first)
{
	const struct action_record *a = row->a;
	json_t *o = json_object(), *refs = json_array();
	char buf[64];
	char *text;

	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "run_date", json_string(date_format(a->run_date, buf, sizeof(buf))));
	json_object_set_new(o, "first_run_date", json_string(date_format(first_run_date(a), buf, sizeof(buf))));
	json_object_set_new(o, "customer_ref", json_string(a->customer_ref));
	json_object_set_new(o, "contact_ref", text_or_null(a->contact_ref));
	for (size_t i = 0; i < row->n_invoices; i++)
		json_array_append_new(refs, json_string(row->invoice_refs[i]));
	json_object_set_new(o, "invoice_refs", refs);
	json_object_set_new(o, "currency", json_string(a->currency));
	json_object_set_new(o, "amount",
			    json_string(money_format(a->amount, currency_exponent(a->currency), buf, sizeof(buf))));
	json_object_set_new(o, "kind", json_string(a->kind));
	json_object_set_new(o, "strategy", json_string(a->strategy));
	json_object_set_new(o, "step", json_string(a->step));
	json_object_set_new(o, "scheduled_at", ts_json(a->scheduled_at, TIMESTAMP_NONE));
	json_object_set_new(o, "local_time", text_or_null(a->local_time));
	json_object_set_new(o, "state", json_string(a->state));
	json_object_set_new(o, "reason_code", text_or_null(a->reason_code));
	json_object_set_new(o, "reason", text_or_null(a->reason));
	json_object_set_new(o, "next_allowed_at", ts_json(a->next_allowed_at, 0));
	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	cli_printf("%s\n  %s", first ? "" : ",", text ? text : "{}");
	free(text);
	json_decref(o);
}

/* The row as CSV, its invoice refs joined with ';' whatever their number (an account may have hundreds). */
static int csv_row(const struct actions_row *row, struct error *e)
{
	const struct action_record *a = row->a;
	char id[32], date[DATE_TEXT_MAX], first_date[DATE_TEXT_MAX], amount[64], sched[TIMESTAMP_TEXT_MAX],
		next[TIMESTAMP_TEXT_MAX];
	char *refs;
	size_t len = 1;

	for (size_t i = 0; i < row->n_invoices; i++)
		len += strlen(row->invoice_refs[i]) + 1;
	refs = malloc(len);
	if (!refs)
		return error_set(e, ERR_ENV, "out of memory listing the invoices of action %lld", (long long)a->id);
	len = 0;
	for (size_t i = 0; i < row->n_invoices; i++) {
		size_t n = strlen(row->invoice_refs[i]);
		if (i)
			refs[len++] = ';';
		memcpy(refs + len, row->invoice_refs[i], n);
		len += n;
	}
	refs[len] = '\0';
	snprintf(id, sizeof(id), "%lld", (long long)a->id);
	date_format(a->run_date, date, sizeof(date));
	date_format(first_run_date(a), first_date, sizeof(first_date));
	money_format(a->amount, currency_exponent(a->currency), amount, sizeof(amount));
	ts_text(a->scheduled_at, TIMESTAMP_NONE, sched, sizeof(sched));
	ts_text(a->next_allowed_at, 0, next, sizeof(next));
	{
		const char *fields[] = { id,          date,          a->customer_ref, a->contact_ref, refs,
					 a->currency, amount,        a->kind,         a->strategy,    a->step,
					 sched,       a->local_time, a->state,        a->reason_code, a->reason,
					 next,        first_date };
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			codec_csv_put(stdout, fields[i], i == 0);
		putchar('\n');
	}
	free(refs);
	return 0;
}

static void table_row(const struct cli *cli, const struct actions_row *row)
{
	const struct action_record *a = row->a;
	char date[DATE_TEXT_MAX], amount[CLI_MONEY_MAX], sched[TIMESTAMP_TEXT_MAX];

	date_format(a->run_date, date, sizeof(date));
	cli_money(cli, a->amount, a->currency, amount, sizeof(amount));
	ts_text(a->scheduled_at, TIMESTAMP_NONE, sched, sizeof(sched));
	cli_printf("%-6lld %s %-12s %-12s %-18s %3s %12s %-10s %-16s %-20s %s", (long long)a->id, date, a->customer_ref,
		   a->contact_ref[0] ? a->contact_ref : "-", a->kind, a->currency, amount, a->state, a->step,
		   sched[0] ? sched : "-", a->reason_code[0] ? a->reason_code : "");
	cli_printf("\n       invoices:");
	for (size_t i = 0; i < row->n_invoices; i++)
		cli_printf(" %s", row->invoice_refs[i]);
	if (a->local_time[0])
		cli_printf("; local time %s", a->local_time);
	if (first_run_date(a) != a->run_date) {
		char first[DATE_TEXT_MAX];
		cli_printf("; first recorded %s", date_format(a->first_run_date, first, sizeof(first)));
	}
	if (a->reason[0])
		cli_printf("\n       %s", a->reason);
	cli_printf("\n");
}

static int on_row(void *ctx, const struct actions_row *row)
{
	struct out *o = ctx;

	if (o->format == FORMAT_JSON)
		json_row(row, o->first);
	else if (o->format == FORMAT_CSV) {
		int ret = csv_row(row, o->e);
		if (ret < 0)
			return ret;
	} else
		table_row(o->cli, row);
	o->first = 0;
	o->rows++;
	return 0;
}

static int run_actions(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "date", required_argument, NULL, 'd' },   { "customer", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },   { "state", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' }, { NULL, 0, NULL, 0 },
	};
	struct actions_filter f = { 0 };
	struct out o = { FORMAT_TABLE, 1, 0, &cli->err, cli };
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ret = cli_parse_date(cli, &cmd_actions, "--date", optarg, &f.run_date);
			if (ret < 0)
				return ret;
			break;
		case 'c': f.customer_ref = optarg; break;
		case 'k': f.kind = optarg; break;
		case 's': f.state = optarg; break;
		case 'f':
			ret = cli_parse_format(cli, &cmd_actions, optarg, FORMATS_ALL, &o.format);
			if (ret < 0)
				return ret;
			break;
		default: return cli_usage_error(cli, &cmd_actions, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_actions, "unexpected argument '%s'", argv[optind]);
	if (o.format == FORMAT_JSON)
		cli_printf("[");
	if (o.format == FORMAT_CSV)
		cli_printf("id,run_date,customer_ref,contact_ref,invoice_refs,currency,amount,kind,strategy,step,"
			   "scheduled_at,local_time,state,reason_code,reason,next_allowed_at,first_run_date\n");
	ret = actions_list(&cli->app, &f, on_row, &o, &cli->err);
	if (ret < 0) {
		if (o.format == FORMAT_JSON)
			cli_printf("]\n");
		return ret == -ERR_USAGE ? cli_usage_error(cli, &cmd_actions, "%s", cli->err.message) : ret;
	}
	if (o.format == FORMAT_JSON)
		cli_printf("%s]\n", o.rows ? "\n" : "");
	else if (o.format == FORMAT_TABLE && o.rows == 0)
		cli_printf("no actions\n");
	return 0;
}

const struct command cmd_actions = {
	.name = "actions",
	.summary = "list what the daily runs decided",
	.usage = "usage: recoup actions [--date DATE] [--customer REF] [--kind K] [--state S]\n"
		 "                      [--format table|csv|json]\n\n"
		 "Lists the actions the daily runs recorded (by run date, then id), each with the invoices\n"
		 "it covers. --date: the run date, or the first one of an action a hold cancelled and a\n"
		 "later run did again (its first_run_date); --kind: email, sms, letter, call, visit, fee,\n"
		 "interest, credit_hold, place_with_agency, legal_review, write_off_review; --state:\n"
		 "scheduled, done, refused, superseded, cancelled. The JSON form (an array of objects with\n"
		 "id, run_date, first_run_date, customer_ref, contact_ref, invoice_refs, currency, amount,\n"
		 "kind, strategy, step, scheduled_at, local_time, state, reason_code, reason,\n"
		 "next_allowed_at) is stable for scripts: amounts are decimal strings, moments UTC ISO 8601\n"
		 "with Z, absent values null.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_actions,
};
