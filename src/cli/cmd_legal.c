/*
 * cmd_legal.c: recoup legal candidates|mark|set — small claims. Parsing
 * and formatting only: the use case is app/legal (docs/agreements.md,
 * "Escalation: court").
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/legal.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "codec/csv.h"
#include "codec/json.h"
#include "core/money.h"

static const char usage[] = "usage: recoup legal candidates [--all] [--format table|csv|json]\n"
			    "       recoup legal mark REF --state filed|judgment|paid [--at TIMESTAMP] [--by USER]\n"
			    "       recoup legal set min_balance=AMOUNT | limitation_years=N\n\n"
			    "candidates lists the accounts worth taking to a small-claims court: balance above\n"
			    "min_balance (in the account's currency, default 1000), the oldest open invoice due less\n"
			    "than limitation_years ago (default 6), the debtor tagged 'assets', every open invoice\n"
			    "signed, and no case open. --all lists every account with each criterion's verdict.\n"
			    "mark records a step of the customer's case (filed, then judgment, then paid); only a\n"
			    "manager or an admin may: a --by (or operating-system) user who is a user of the tenant\n"
			    "must have one of those roles.\n";

struct listing {
	enum output_format format;
	json_t *list;
	int rows;
	const struct cli *cli;
};

static const char *yes_no(int v)
{
	return v ? "yes" : "no";
}

static int print_row(void *arg, const struct legal_row *r)
{
	struct listing *l = arg;
	const struct legal_account *a = r->a;
	int x = currency_exponent(a->currency);
	char bal[CLI_MONEY_MAX], min[MONEY_TEXT_MAX], due[DATE_TEXT_MAX], ends[DATE_TEXT_MAX];

	money_format(a->balance, x, bal, sizeof(bal));
	money_format(r->min_balance, x, min, sizeof(min));
	date_format(a->oldest_due, due, sizeof(due));
	date_format(r->limitation_ends, ends, sizeof(ends));
	if (l->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:s,s:b,s:b}", "customer_ref",
				      a->customer_ref, "name", a->name, "currency", a->currency, "balance", bal,
				      "min_balance", min, "oldest_due", due, "limitation_ends", ends, "above_threshold",
				      r->above_threshold, "within_limitation", r->within_limitation, "has_assets",
				      r->has_assets, "all_signed", r->all_signed, "legal_state", a->legal_state,
				      "placed", a->placed, "candidate", r->candidate);
		if (!o || json_array_append_new(l->list, o) < 0)
			return -ERR_ENV;
	} else if (l->format == FORMAT_CSV) {
		if (!l->rows)
			cli_printf(
				"customer_ref,currency,balance,min_balance,oldest_due,limitation_ends,above_threshold,"
				"within_limitation,has_assets,all_signed,legal_state,placed,candidate\n");
		{
			/* quoted as CSV: a customer's ref may hold a comma or a quote ("A,B") */
			const char *fields[] = { a->customer_ref,
						 a->currency,
						 bal,
						 min,
						 due,
						 ends,
						 yes_no(r->above_threshold),
						 yes_no(r->within_limitation),
						 yes_no(r->has_assets),
						 yes_no(r->all_signed),
						 a->legal_state,
						 yes_no(a->placed),
						 yes_no(r->candidate) };
			for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
				codec_csv_put(stdout, fields[i], i == 0);
			putchar('\n');
		}
	} else {
		if (!l->rows)
			cli_printf("%-16s %-3s %14s %-10s %-9s %-6s %-6s %-6s %-8s %s\n", "customer", "cur", "balance",
				   "oldest due", "threshold", "limit", "assets", "signed", "case", "candidate");
		cli_money(l->cli, a->balance, a->currency, bal, sizeof(bal)); /* the table's format, not CSV's */
		cli_printf("%-16s %-3s %14s %-10s %-9s %-6s %-6s %-6s %-8s %s\n", a->customer_ref, a->currency, bal,
			   due, yes_no(r->above_threshold), yes_no(r->within_limitation), yes_no(r->has_assets),
			   yes_no(r->all_signed), a->legal_state[0] ? a->legal_state : "-", yes_no(r->candidate));
	}
	l->rows++;
	return 0;
}

static int run_candidates(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	struct listing l = { FORMAT_TABLE, NULL, 0, cli };
	int all = 0, c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'A') {
			all = 1;
			continue;
		}
		if (c != 'f')
			return cli_usage_error(cli, &cmd_legal, "unknown option");
		ret = cli_parse_format(cli, &cmd_legal, optarg, FORMATS_ALL, &l.format);
		if (ret < 0)
			return ret;
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_legal, "unexpected argument '%s'", argv[optind]);
	l.list = json_array();
	if (!l.list)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = legal_candidates(&cli->app, all, print_row, &l, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret == 0 && l.format == FORMAT_JSON) {
		json_t *doc = json_pack("{s:O}", "candidates", l.list);
		if (!doc || codec_json_write(stdout, doc, JSON_PRESERVE_ORDER | JSON_INDENT(2)) < 0)
			ret = error_set(&cli->err, ERR_ENV, "writing JSON failed");
		else
			fputc('\n', stdout);
		json_decref(doc);
	} else if (ret == 0 && !l.rows && l.format == FORMAT_TABLE) {
		cli_printf("no account is a small-claims candidate\n");
	}
	json_decref(l.list);
	return ret;
}

static int run_mark(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "state", required_argument, NULL, 's' },
		{ "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *state = NULL;
	timestamp_t at = 0;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 's': state = optarg; break;
		case 'a':
			if (cli_parse_given_moment(cli, &cmd_legal, "--at", optarg, &at) < 0)
				return -ERR_USAGE;
			break;
		case 'b': cli->app.actor = optarg; break;
		default: return cli_usage_error(cli, &cmd_legal, "unknown option");
		}
	}
	if (!state || argc - optind != 1)
		return cli_usage_error(cli, &cmd_legal, "legal mark needs one customer ref and --state");
	ret = legal_mark(&cli->app, argv[optind], state, at, &cli->err);
	if (ret < 0)
		return ret;
	cli_printf("customer '%s': legal case %s\n", argv[optind], state);
	return 0;
}

static int run_set(struct cli *cli, int argc, char **argv)
{
	char name[32];
	const char *eq;
	long long years;
	int ret;

	/* one setting a call: each is its own change, recorded and audited alone */
	if (argc != 2)
		return cli_usage_error(cli, &cmd_legal, "legal set needs one NAME=VALUE");
	eq = strchr(argv[1], '=');
	if (!eq || (size_t)(eq - argv[1]) >= sizeof(name))
		return cli_usage_error(cli, &cmd_legal, "'%s' is not NAME=VALUE", argv[1]);
	snprintf(name, sizeof(name), "%.*s", (int)(eq - argv[1]), argv[1]);
	/*
	 * The value's shape is the command line's (a usage error, exit 2, as for
	 * every number typed): an amount for min_balance, whole years for
	 * limitation_years. A negative threshold or one finer than 3 decimals is
	 * the use case's refusal (exit 1); an unknown NAME too.
	 */
	if (!strcmp(name, "min_balance") && cli_parse_amount(cli, &cmd_legal, "min_balance", eq + 1) < 0)
		return -ERR_USAGE;
	if (!strcmp(name, "limitation_years") &&
	    cli_parse_int(cli, &cmd_legal, "limitation_years", eq + 1, LEGAL_LIMITATION_YEARS_MIN,
			  LEGAL_LIMITATION_YEARS_MAX, &years) < 0)
		return -ERR_USAGE;
	ret = legal_set(&cli->app, name, eq + 1, &cli->err);
	if (ret < 0)
		return ret;
	cli_printf("legal %s = %s\n", name, eq + 1);
	return 0;
}

static int run_legal(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc < 2)
		return cli_usage_error(cli, &cmd_legal, "expected candidates, mark or set");
	if (!strcmp(argv[1], "candidates"))
		return run_candidates(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "mark"))
		return run_mark(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "set"))
		return run_set(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_legal, "unknown subcommand '%s'", argv[1]);
}

const struct command cmd_legal = {
	.name = "legal",
	.summary = "small claims: the accounts worth taking to court, and each case's steps",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_legal,
};
