/*
 * cmd_special.c: recoup special list — the accounts in special handling
 * (bankrupt, deceased: app/special.h). Formatting only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/special.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static const char usage[] =
	"usage: recoup special list [--format table|json]\n\n"
	"The accounts in special handling: a customer flagged bankrupt or deceased ('recoup customer\n"
	"flag REF bankrupt|deceased'). From the flag's moment the strategy stops for every account of\n"
	"the customer (a hold of kind special) and the contact rules allow no collection contact, but\n"
	"for a deceased debtor the estate's representative (a contact of role estate, executor or\n"
	"administrator). Clearing the flag ('customer unflag') ends the special handling.\n"
	"JSON keys: customer_ref, name, flag, since.\n";

struct lister {
	enum output_format format;
	json_t *rows;
};

static int print_row(void *ctx, const struct special_row *r)
{
	struct lister *l = ctx;
	char ts[TIMESTAMP_TEXT_MAX];

	timestamp_format(r->since, ts, sizeof(ts));
	if (l->format == FORMAT_JSON)
		return json_array_append_new(l->rows, json_pack("{s:s, s:s, s:s, s:s}", "customer_ref", r->customer_ref,
								"name", r->name, "flag", r->flag, "since", ts)) < 0
			       ? -ERR_ENV
			       : 0;
	cli_printf("%-14s %-10s %s  %s\n", r->customer_ref, r->flag, ts, r->name);
	return 0;
}

static int run_special(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct lister l = { FORMAT_TABLE, NULL };
	int c, ret;

	if (argc < 2 || strcmp(argv[1], "list"))
		return cli_usage_error(cli, &cmd_special, "expected 'list'");
	argc--;
	argv++;
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cli_parse_format(cli, &cmd_special, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					     &l.format) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_special, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_special, "unexpected argument '%s'", argv[optind]);
	l.rows = json_array();
	if (!l.rows)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	if (l.format == FORMAT_TABLE)
		cli_printf("%-14s %-10s %-20s  %s\n", "customer", "flag", "since", "name");
	ret = special_list(&cli->app, print_row, &l, &cli->err);
	if (ret == 0 && l.format == FORMAT_JSON) {
		json_dumpf(l.rows, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	}
	json_decref(l.rows);
	return ret;
}

const struct command cmd_special = {
	.name = "special",
	.summary = "list the accounts in special handling (bankrupt, deceased)",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_special,
};
