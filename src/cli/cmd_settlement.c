/*
 * cmd_settlement.c: recoup settlement offer|list — settlement offers.
 * Parsing and formatting only: the use case is app/settlements.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "app/authority.h"
#include "app/settlements.h"
#include "cli/agreement_print.h"
#include "cli/cli.h"

static const char usage[] =
	"usage: recoup settlement offer CUSTOMER --pay AMOUNT --by DATE [--waive fees|interest|principal]...\n"
	"                               [--invoice REF]... [--currency CODE] [--request-approval]\n"
	"                               [--at TIMESTAMP] [--by-user USER]\n"
	"       recoup settlement list [--customer REF] [--state S] [--format table|json]\n\n"
	"offer settles the invoices named (else every open one in the currency) for --pay if paid\n"
	"in full by --by DATE; what it waives comes from the fees and interest first, then the\n"
	"principal, only from what --waive allows (default: all three). --by-user (default: the\n"
	"operating-system user) is the recoup user who offers it: within that user's authority\n"
	"(recoup authority) it is recorded and the strategy waits; beyond it, it is refused with\n"
	"the limit, or with --request-approval waits for a manager (recoup approval). Paid in full\n"
	"by the date, the rest is written off by the daily run; else it lapses.\n"
	"States: pending_approval, current, paid, lapsed, rejected.\n";

static int run_offer(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "pay", required_argument, NULL, 'p' },
		{ "by", required_argument, NULL, 'd' },
		{ "waive", required_argument, NULL, 'w' },
		{ "invoice", required_argument, NULL, 'i' },
		{ "currency", required_argument, NULL, 'C' },
		{ "request-approval", no_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },
		{ "by-user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct settlement_request rq = { 0 };
	struct cli_scope s = { 0 };
	struct agreement a;
	int c, ret, bit;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		ret = cli_scope_option(cli, &cmd_settlement, c, optarg, &s);
		if (ret < 0)
			return ret;
		if (ret)
			continue;
		switch (c) {
		case 'p':
			if (cli_parse_amount(cli, &cmd_settlement, "--pay", optarg) < 0)
				return -ERR_USAGE;
			rq.pay = optarg;
			break;
		case 'd':
			if (cli_parse_date(cli, &cmd_settlement, "--by", optarg, &rq.pay_by) < 0)
				return -ERR_USAGE;
			break;
		case 'w':
			bit = authority_waive_bit(optarg);
			if (!bit)
				return cli_usage_error(cli, &cmd_settlement,
						       "--waive '%s': fees, interest or principal", optarg);
			rq.waive |= bit;
			break;
		case 'r': rq.request_approval = 1; break;
		case 'u':
			rq.user = optarg;
			cli->app.actor = optarg;
			break;
		default: return cli_usage_error(cli, &cmd_settlement, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_settlement, "settlement offer needs one customer ref");
	rq.customer_ref = argv[optind];
	rq.invoice_refs = s.invoices;
	rq.n_invoice_refs = s.n;
	rq.currency = s.currency;
	rq.at = s.at;
	ret = settlements_offer(&cli->app, &rq, &a, &cli->err);
	if (ret == 0)
		cli_agreement_describe(NULL, strcmp(a.state, "current") ? "sent for approval" : "offered", &a);
	return ret;
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
			if (cli_parse_format(cli, &cmd_settlement, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					     &format) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_settlement, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_settlement, "unexpected argument '%s'", argv[optind]);
	if (format == FORMAT_TABLE) {
		cli_agreement_header();
		return agreement_list(&cli->app, "settlement", customer, state, cli_agreement_row, cli, &cli->err);
	}
	arr = json_array();
	ret = agreement_list(&cli->app, "settlement", customer, state, cli_agreement_append, arr, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret < 0) {
		json_decref(arr);
		return ret;
	}
	return cli_print_json(cli, arr);
}

static int run_settlement(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "offer"))
		return run_offer(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return run_list(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_settlement, "expected 'offer' or 'list'");
}

const struct command cmd_settlement = {
	.name = "settlement",
	.summary = "offer settlements within authority limits, or for approval",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_settlement,
};
