/*
 * cmd_writeoff.c: recoup writeoff CUSTOMER ... | writeoff list — write-offs
 * with approval, and the money recovered after them. Parsing and
 * formatting only: the use case is app/writeoffs.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "app/writeoffs.h"
#include "cli/agreement_print.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "core/money.h"

static const char usage[] = "usage: recoup writeoff CUSTOMER --reason TEXT [--invoice REF]... [--currency CODE]\n"
			    "                       [--at TIMESTAMP] [--by-user|--by USER]\n"
			    "       recoup writeoff list [--customer REF] [--format table|json]\n\n"
			    "Requests the write-off of the invoices named (else every open one of the customer in the\n"
			    "currency): it waits in the approval queue (recoup approval) and is posted to the ledger\n"
			    "when a user whose authority covers write-offs approves it. list shows each write-off\n"
			    "with the money recovered after it was posted (payments on its invoices or the\n"
			    "customer's unapplied cash in its currency since), counted apart from collections.\n";

static int run_request(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "invoice", required_argument, NULL, 'i' },
		{ "currency", required_argument, NULL, 'C' },
		{ "at", required_argument, NULL, 'a' },
		{ "by-user", required_argument, NULL, 'u' },
		{ "by", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct writeoff_request rq = { 0 };
	struct cli_scope s = { 0 };
	struct agreement a;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		ret = cli_scope_option(cli, &cmd_writeoff, c, optarg, &s);
		if (ret < 0)
			return ret;
		if (ret)
			continue;
		switch (c) {
		case 'r': rq.reason = optarg; break;
		case 'u':
			rq.user = optarg;
			cli->app.actor = optarg;
			break;
		default: return cli_usage_error(cli, &cmd_writeoff, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_writeoff, "writeoff needs one customer ref");
	if (!rq.reason)
		return cli_usage_error(cli, &cmd_writeoff, "writeoff needs --reason TEXT");
	rq.customer_ref = argv[optind];
	rq.invoice_refs = s.invoices;
	rq.n_invoice_refs = s.n;
	rq.currency = s.currency;
	rq.at = s.at;
	ret = writeoffs_request(&cli->app, &rq, &a, &cli->err);
	if (ret == 0)
		cli_agreement_describe(NULL, "requested", &a);
	return ret;
}

static int print_row(void *ctx, const struct agreement *a, int64_t recovered)
{
	const struct cli *cli = ctx;
	char b[CLI_MONEY_MAX];
	cli_agreement_row(ctx, a);
	cli_printf("%6s recovered after write-off: %s\n", "", cli_money_cur(cli, recovered, a->currency, b, sizeof(b)));
	return 0;
}

static int append_row(void *ctx, const struct agreement *a, int64_t recovered)
{
	return json_array_append_new(ctx, writeoffs_json(a, recovered)) < 0;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	const char *customer = NULL;
	json_t *arr;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': customer = optarg; break;
		case 'f':
			if (cli_parse_format(cli, &cmd_writeoff, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					     &format) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_writeoff, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_writeoff, "unexpected argument '%s'", argv[optind]);
	if (format == FORMAT_TABLE) {
		cli_agreement_header();
		return writeoffs_list(&cli->app, customer, print_row, cli, &cli->err);
	}
	arr = json_array();
	ret = writeoffs_list(&cli->app, customer, append_row, arr, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret < 0) {
		json_decref(arr);
		return ret;
	}
	return cli_print_json(cli, arr);
}

static int run_writeoff(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return run_list(cli, argc - 1, argv + 1);
	return run_request(cli, argc, argv);
}

const struct command cmd_writeoff = {
	.name = "writeoff",
	.summary = "request write-offs (approved before they post) and list the money recovered after them",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_writeoff,
};
