/*
 * cmd_plan.c: recoup plan add|cancel|list|show — payment plans. Parsing and
 * formatting only: the use case is app/plans.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "app/plans.h"
#include "cli/agreement_print.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "core/money.h"

static const char usage[] =
	"usage: recoup plan add CUSTOMER (--instalment DATE:AMOUNT... | --count N --every week|month --first DATE)\n"
	"                       [--invoice REF]... [--currency CODE] [--fees AMOUNT] [--at TIMESTAMP] [--by USER]\n"
	"       recoup plan cancel ID --reason TEXT [--at TIMESTAMP] [--by USER]\n"
	"       recoup plan list [--customer REF] [--state current|broken|completed|cancelled] [--format table|json]\n"
	"       recoup plan show ID [--as-of DATE] [--format table|json]\n\n"
	"add agrees a payment plan covering the balance of the invoices named (else every open\n"
	"invoice of the customer in --currency, else in its own currency) plus the agreed --fees\n"
	"(posted as a fee): the instalments must add up to exactly that (--count splits it, the\n"
	"remainder on the last). Refused on a disputed or paid invoice, or one under a current\n"
	"plan, or a first instalment more than 366 days after the plan. While it is kept the\n"
	"strategy waits; the daily run breaks it when an instalment is unpaid after the tenant's\n"
	"grace days (recoup authority) and the strategy resumes.\n"
	"cancel withdraws a current plan entered by mistake or renegotiated: its hold ends and the\n"
	"strategy resumes from the next run (the fees it posted stay). Refused for a plan broken,\n"
	"completed or cancelled already, or with an instalment unpaid past the grace days.\n"
	"show lists the instalments and what was paid on each (payments dated up to --as-of).\n";

/*
 * One --instalment DATE:AMOUNT, its shape: a date and a decimal number, else
 * the usage error naming the option and the value (exit 2, as for --first).
 * The amount's decimals and the dates' order are the use case's (exit 1).
 */
static int instalment_shape(struct cli *cli, const char *text)
{
	const char *colon = strchr(text, ':');
	struct error e = ERROR_INIT;
	char day[DATE_TEXT_MAX + 1];
	date_t due;

	if (!colon || colon - text > DATE_TEXT_MAX)
		return cli_usage_error(cli, &cmd_plan, "--instalment '%s': expected DATE:AMOUNT", text);
	snprintf(day, sizeof(day), "%.*s", (int)(colon - text), text);
	if (date_parse(day, &due, &e) < 0 || money_shape(colon + 1, &e) < 0)
		return cli_usage_error(cli, &cmd_plan, "--instalment '%s': %s", text, e.message);
	return 0;
}

static int run_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "instalment", required_argument, NULL, 'n' }, { "count", required_argument, NULL, 'c' },
		{ "every", required_argument, NULL, 'e' },      { "first", required_argument, NULL, 'f' },
		{ "invoice", required_argument, NULL, 'i' },    { "currency", required_argument, NULL, 'C' },
		{ "fees", required_argument, NULL, 'F' },       { "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },         { NULL, 0, NULL, 0 },
	};
	static const char *instalments[PLAN_INSTALMENTS_MAX];
	struct plan_request rq = { 0 };
	struct cli_scope s = { 0 };
	struct agreement a;
	long long count;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		ret = cli_scope_option(cli, &cmd_plan, c, optarg, &s);
		if (ret < 0)
			return ret;
		if (ret)
			continue;
		switch (c) {
		case 'n':
			if (rq.n_instalments == PLAN_INSTALMENTS_MAX)
				return cli_usage_error(cli, &cmd_plan, "at most %d instalments", PLAN_INSTALMENTS_MAX);
			if (instalment_shape(cli, optarg) < 0)
				return -ERR_USAGE;
			instalments[rq.n_instalments++] = optarg;
			break;
		case 'c':
			if (cli_parse_int(cli, &cmd_plan, "--count", optarg, 1, PLAN_INSTALMENTS_MAX, &count) < 0)
				return -ERR_USAGE;
			rq.count = (int)count;
			break;
		case 'e':
			/* the use case says the same to the API (exit 1 there); here a bad option value is usage */
			if (strcmp(optarg, "week") && strcmp(optarg, "month"))
				return cli_usage_error(cli, &cmd_plan, "--every '%s': week or month", optarg);
			rq.every = optarg;
			break;
		case 'f':
			if (cli_parse_date(cli, &cmd_plan, "--first", optarg, &rq.first) < 0)
				return -ERR_USAGE;
			break;
		case 'F':
			if (cli_parse_amount(cli, &cmd_plan, "--fees", optarg) < 0)
				return -ERR_USAGE;
			rq.fees = optarg;
			break;
		case 'b': cli->app.actor = optarg; break;
		default: return cli_usage_error(cli, &cmd_plan, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_plan, "plan add needs one customer ref");
	rq.customer_ref = argv[optind];
	rq.invoice_refs = s.invoices;
	rq.n_invoice_refs = s.n;
	rq.currency = s.currency;
	rq.at = s.at;
	rq.instalments = instalments;
	ret = plans_add(&cli->app, &rq, &a, &cli->err);
	if (ret == 0)
		cli_agreement_describe(NULL, "agreed", &a);
	return ret;
}

static int run_cancel(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL;
	timestamp_t at = 0;
	struct agreement a;
	long long id;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'a':
			if (cli_parse_given_moment(cli, &cmd_plan, "--at", optarg, &at) < 0)
				return -ERR_USAGE;
			break;
		case 'b': cli->app.actor = optarg; break;
		default: return cli_usage_error(cli, &cmd_plan, "unknown option");
		}
	}
	if (argc - optind != 1 || !reason)
		return cli_usage_error(cli, &cmd_plan, "plan cancel needs ID and --reason TEXT");
	if (cli_parse_int(cli, &cmd_plan, "plan id", argv[optind], 1, INT64_MAX, &id) < 0)
		return -ERR_USAGE;
	ret = plans_cancel(&cli->app, id, reason, at, &a, &cli->err);
	if (ret == 0)
		cli_agreement_describe(NULL, "", &a);
	if (ret == 0)
		cli_printf("  ended: %s\n", a.end_reason);
	return ret;
}

static int parse_format(struct cli *cli, const char *arg, enum output_format *f)
{
	return cli_parse_format(cli, &cmd_plan, arg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON), f);
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "state", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	const char *customer = NULL, *state = NULL;
	json_t *arr;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': customer = optarg; break;
		case 's': state = optarg; break;
		case 'f':
			if (parse_format(cli, optarg, &format) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_plan, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_plan, "unexpected argument '%s'", argv[optind]);
	if (state && strcmp(state, "current") && strcmp(state, "broken") && strcmp(state, "completed") &&
	    strcmp(state, "cancelled"))
		return cli_usage_error(cli, &cmd_plan, "--state: current, broken, completed or cancelled");
	if (format == FORMAT_TABLE) {
		cli_agreement_header();
		return plans_list(&cli->app, customer, state, cli_agreement_row, cli, &cli->err);
	}
	arr = json_array();
	ret = plans_list(&cli->app, customer, state, cli_agreement_append, arr, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret < 0) {
		json_decref(arr);
		return ret;
	}
	return cli_print_json(cli, arr);
}

static void print_view(const struct cli *cli, const struct plan_view *v)
{
	char b1[CLI_MONEY_MAX], b2[CLI_MONEY_MAX], d[DATE_TEXT_MAX];
	cli_agreement_describe(cli, "", &v->plan);
	for (size_t k = 0; k < v->n_invs; k++)
		cli_printf("  invoice %-16s %s\n", v->invs[k].invoice_ref,
			   cli_money_cur(cli, v->invs[k].balance, v->plan.currency, b1, sizeof(b1)));
	cli_printf("  %-4s %-10s %16s %16s\n", "#", "DUE", "AMOUNT", "PAID");
	for (size_t k = 0; k < v->n_ins; k++)
		cli_printf("  %-4d %-10s %16s %16s\n", v->ins[k].seq, date_format(v->ins[k].due, d, sizeof(d)),
			   cli_money_cur(cli, v->ins[k].amount, v->plan.currency, b1, sizeof(b1)),
			   cli_money_cur(cli, v->paid[k], v->plan.currency, b2, sizeof(b2)));
	if (v->plan.end_reason[0])
		cli_printf("  ended: %s\n", v->plan.end_reason);
}

static int run_show(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "as-of", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	struct plan_view v;
	long long id;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'o' && cli_parse_date(cli, &cmd_plan, "--as-of", optarg, &cli->app.today) < 0)
			return -ERR_USAGE;
		if (c == 'f' && parse_format(cli, optarg, &format) < 0)
			return -ERR_USAGE;
		if (c != 'f' && c != 'o')
			return cli_usage_error(cli, &cmd_plan, "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_plan, "plan show needs one plan id");
	if (cli_parse_int(cli, &cmd_plan, "plan id", argv[optind], 1, INT64_MAX, &id) < 0)
		return -ERR_USAGE;
	ret = plans_show(&cli->app, id, &v, &cli->err);
	if (ret < 0)
		return ret;
	if (format == FORMAT_JSON)
		ret = cli_print_json(cli, plans_view_json(&v));
	else
		print_view(cli, &v);
	plans_view_free(&v);
	return ret;
}

static int run_plan(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return run_add(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "cancel"))
		return run_cancel(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return run_list(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return run_show(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_plan, "expected 'add', 'cancel', 'list' or 'show'");
}

const struct command cmd_plan = {
	.name = "plan",
	.summary = "agree, cancel, list and show payment plans",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_plan,
};
