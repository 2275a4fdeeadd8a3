/*
 * cmd_credit.c: recoup credit check|hold|release|set|policy — the credit
 * policy (app/credit.h). Parsing and formatting only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/credit.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "core/money.h"

static const char usage[] =
	"usage: recoup credit check CUSTOMER --amount AMOUNT [--as-of DATE] [--format table|json]\n"
	"       recoup credit hold CUSTOMER [--reason TEXT] [--at TIMESTAMP] [--by USER]\n"
	"       recoup credit release CUSTOMER [--reason TEXT] [--at TIMESTAMP] [--by USER]\n"
	"       recoup credit set CUSTOMER [--application-signed DATE|none] [--references-checked DATE|none]\n"
	"                         [--at TIMESTAMP] [--by USER]\n"
	"       recoup credit policy [--overdue-days N] [--nsf-fee-bp BP]\n\n"
	"check answers the sales system before a new order of AMOUNT (in the customer's currency):\n"
	"approve, or refuse with every reason that holds: over_limit (open balance + AMOUNT above\n"
	"the credit limit; no limit: no credit), on_hold, seriously_overdue (an open invoice overdue\n"
	"more than the policy's days, default 60), no_signed_application, references_not_checked.\n"
	"The answer is in the output (JSON: customer_ref, amount, currency, open_balance,\n"
	"credit_limit, days_overdue, decision \"approve\"|\"refuse\", reasons [{code, message}]);\n"
	"the exit code is 0 for either answer, 1 for refused input (unknown customer, an amount of\n"
	"0 or less or finer than the currency), 2 for an amount that is no number ('ten', '9,50').\n\n"
	"hold and release set and lift a credit hold by hand. A credit_hold step of the daily run\n"
	"sets one too (at the next run), which the run lifts once the account is back within policy.\n"
	"set records the signed credit application and the reference check (dates; none clears).\n"
	"policy shows or sets the tenant's seriously-overdue days and the fee charged on a returned\n"
	"(NSF) payment, in basis points of the amount returned (500: 5%; 0: none), capped by the\n"
	"customer's contact-rules profile (docs/agreements.md, \"Returned (NSF) payments\").\n";

static int print_answer(struct cli *cli, const struct credit_answer *a, enum output_format format)
{
	char x[CLI_MONEY_MAX], y[CLI_MONEY_MAX], z[CLI_MONEY_MAX];

	if (format == FORMAT_JSON) {
		json_t *o = credit_answer_json(a);
		if (!o)
			return error_set(&cli->err, ERR_ENV, "out of memory");
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
		return 0;
	}
	cli_printf("%s: %s %s %s (open balance %s, limit %s)\n", a->approve ? "approve" : "refuse", a->customer_ref,
		   cli_money(cli, a->amount, a->currency, x, sizeof(x)), a->currency,
		   cli_money(cli, a->open_balance, a->currency, y, sizeof(y)),
		   cli_money(cli, a->credit_limit, a->currency, z, sizeof(z)));
	for (size_t i = 0; i < a->n_reasons; i++)
		cli_printf("  %-24s %s\n", a->reasons[i].code, a->reasons[i].message);
	return 0;
}

static int run_check(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "amount", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "as-of", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	const char *amount = NULL;
	struct credit_answer a;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (cli_parse_amount(cli, &cmd_credit, "--amount", optarg) < 0)
				return -ERR_USAGE;
			amount = optarg;
			break;
		case 'f':
			if (cli_parse_format(cli, &cmd_credit, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					     &format) < 0)
				return -ERR_USAGE;
			break;
		case 'd':
			if (cli_parse_date(cli, &cmd_credit, "--as-of", optarg, &cli->app.today) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_credit, "unknown option");
		}
	}
	if (argc - optind != 1 || !amount)
		return cli_usage_error(cli, &cmd_credit, "credit check needs a customer ref and --amount");
	ret = credit_check(&cli->app, argv[optind], amount, &a, &cli->err);
	return ret < 0 ? ret : print_answer(cli, &a, format);
}

/* --application-signed / --references-checked: a date, or none (0). */
static int parse_term(struct cli *cli, const char *option, const char *text, date_t *out)
{
	if (!strcmp(text, "none")) {
		*out = 0;
		return 0;
	}
	return cli_parse_date(cli, &cmd_credit, option, text, out);
}

static int run_write(struct cli *cli, int argc, char **argv, int what)
{
	static const struct option options[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "application-signed", required_argument, NULL, 's' },
		{ "references-checked", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct credit_request rq = { 0 };
	date_t signed_on = -1, checked_on = -1;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r': rq.reason = optarg; break;
		case 'b': rq.by = optarg; break;
		case 'a':
			if (cli_parse_given_moment(cli, &cmd_credit, "--at", optarg, &rq.at) < 0)
				return -ERR_USAGE;
			break;
		case 's':
			if (what != 2)
				return cli_usage_error(cli, &cmd_credit, "unknown option");
			if (parse_term(cli, "--application-signed", optarg, &signed_on) < 0)
				return -ERR_USAGE;
			break;
		case 'k':
			if (what != 2)
				return cli_usage_error(cli, &cmd_credit, "unknown option");
			if (parse_term(cli, "--references-checked", optarg, &checked_on) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_credit, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_credit, "expected one customer ref");
	rq.customer_ref = argv[optind];
	if (what == 0)
		ret = credit_hold(&cli->app, &rq, &cli->err);
	else if (what == 1)
		ret = credit_release(&cli->app, &rq, &cli->err);
	else if (signed_on < 0 && checked_on < 0)
		return cli_usage_error(cli, &cmd_credit,
				       "credit set needs --application-signed or --references-checked");
	else
		ret = credit_terms_set(&cli->app, &rq, signed_on, checked_on, &cli->err);
	if (ret == 0)
		cli_printf("customer '%s': %s\n", rq.customer_ref,
			   what == 0   ? "on credit hold"
			   : what == 1 ? "credit hold released"
				       : "credit terms recorded");
	return ret;
}

/* A whole number from lo to hi, or the usage error of cli_parse_int naming the option. */
static int parse_int(struct cli *cli, const char *option, const char *text, long lo, long hi, int *out)
{
	long long v;
	if (cli_parse_int(cli, &cmd_credit, option, text, lo, hi, &v) < 0)
		return -ERR_USAGE;
	*out = (int)v;
	return 0;
}

static int run_policy(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "overdue-days", required_argument, NULL, 'd' },
		{ "nsf-fee-bp", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct credit_policy p;
	int days = -1, bp = -1, c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (parse_int(cli, "--overdue-days", optarg, 1, 3650, &days) < 0)
				return -ERR_USAGE;
			break;
		case 'n':
			if (parse_int(cli, "--nsf-fee-bp", optarg, 0, 10000, &bp) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_credit, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_credit, "unexpected argument '%s'", argv[optind]);
	if (days != -1 || bp != -1) {
		ret = credit_policy_set(&cli->app, days, bp, &cli->err);
		if (ret < 0)
			return ret;
	}
	ret = credit_policy_get(&cli->app, &p, &cli->err);
	if (ret == 0)
		cli_printf("seriously overdue: more than %d days\nfee on a returned payment: %d.%02d%% of the amount\n",
			   p.overdue_days, p.nsf_fee_bp / 100, p.nsf_fee_bp % 100);
	return ret;
}

static int run_credit(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "check"))
		return run_check(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "hold"))
		return run_write(cli, argc - 1, argv + 1, 0);
	if (argc >= 2 && !strcmp(argv[1], "release"))
		return run_write(cli, argc - 1, argv + 1, 1);
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return run_write(cli, argc - 1, argv + 1, 2);
	if (argc >= 2 && !strcmp(argv[1], "policy"))
		return run_policy(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_credit, "expected 'check', 'hold', 'release', 'set' or 'policy'");
}

const struct command cmd_credit = {
	.name = "credit",
	.summary = "credit policy: check an order against it, hold and release, the credit terms",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_credit,
};
