/*
 * cmd_approval.c: recoup approval list|approve|reject — the approval queue.
 * Parsing and formatting only: the use case is app/approvals.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/approvals.h"
#include "cli/agreement_print.h"
#include "cli/cli.h"

static const char usage[] = "usage: recoup approval list [--format table|json]\n"
			    "       recoup approval approve ID [--reason TEXT] [--at TIMESTAMP] [--by-user|--by USER]\n"
			    "       recoup approval reject ID --reason TEXT [--at TIMESTAMP] [--by-user|--by USER]\n\n"
			    "list shows what waits for a decision: settlements beyond their maker's authority and\n"
			    "write-offs (the ID is the settlement's or write-off's). Only a recoup user whose\n"
			    "authority covers it (recoup authority), other than the one who asked, may approve;\n"
			    "an approved settlement holds its invoices until its pay-by date, an approved write-off\n"
			    "is posted to the ledger. Every decision is in the audit trail.\n";

static int run_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	json_t *arr;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, &cmd_approval, "unknown option");
		if (cli_parse_format(cli, &cmd_approval, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON), &format) <
		    0)
			return -ERR_USAGE;
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_approval, "unexpected argument '%s'", argv[optind]);
	if (format == FORMAT_TABLE) {
		cli_agreement_header();
		return approvals_list(&cli->app, cli_agreement_row, cli, &cli->err);
	}
	arr = json_array();
	ret = approvals_list(&cli->app, cli_agreement_append, arr, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret < 0) {
		json_decref(arr);
		return ret;
	}
	return cli_print_json(cli, arr);
}

static int run_decide(struct cli *cli, int argc, char **argv, int approve)
{
	static const struct option options[] = {
		{ "reason", required_argument, NULL, 'r' }, { "by-user", required_argument, NULL, 'u' },
		{ "by", required_argument, NULL, 'u' }, /* the name for who acted: the same */
		{ "at", required_argument, NULL, 'a' },     { NULL, 0, NULL, 0 },
	};
	const char *reason = NULL, *user = NULL;
	timestamp_t at = 0;
	struct agreement a;
	long long id;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'a':
			if (cli_parse_given_moment(cli, &cmd_approval, "--at", optarg, &at) < 0)
				return -ERR_USAGE;
			break;
		case 'u':
			user = optarg;
			cli->app.actor = optarg;
			break;
		default: return cli_usage_error(cli, &cmd_approval, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_approval, "approval %s needs one id", argv[0]);
	if (cli_int_text(argv[optind], 1, INT64_MAX, &id) < 0)
		return cli_usage_error(cli, &cmd_approval, "approval id '%s' is not a number", argv[optind]);
	if (!approve && !reason)
		return cli_usage_error(cli, &cmd_approval, "approval reject needs --reason TEXT");
	ret = approve ? approvals_approve(&cli->app, id, user, reason, at, &a, &cli->err)
		      : approvals_reject(&cli->app, id, user, reason, at, &a, &cli->err);
	if (ret == 0)
		cli_agreement_describe(NULL, approve ? "approved" : "rejected", &a);
	return ret;
}

static int run_approval(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return run_list(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "approve"))
		return run_decide(cli, argc - 1, argv + 1, 1);
	if (argc >= 2 && !strcmp(argv[1], "reject"))
		return run_decide(cli, argc - 1, argv + 1, 0);
	return cli_usage_error(cli, &cmd_approval, "expected 'list', 'approve' or 'reject'");
}

const struct command cmd_approval = {
	.name = "approval",
	.summary = "list, approve and reject settlements and write-offs waiting for a decision",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_approval,
};
