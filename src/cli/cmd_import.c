/*
 * cmd_import.c: recoup import customers|contacts|invoices|payments FILE
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/csv_import.h"

static void show_progress(void *ctx, long long done, long long total)
{
	cli_progress(ctx, "importing (bytes)", done, total);
}

static int run_import(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "rejects", required_argument, NULL, 'r' },
		{ "as-of", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_options o = { 0 };
	struct import_result r;
	int c, ret;

	o.today = cli_today();
	while ((c = getopt_long(argc, argv, "r:", options, NULL)) != -1) {
		if (c == 'r') {
			o.rejects_path = optarg;
		} else if (c == 'a') {
			if ((ret = cli_parse_date(cli, &cmd_import, "--as-of", optarg, &o.today)) < 0)
				return ret;
			if (o.today > cli_today())
				return cli_usage_error(cli, &cmd_import, "--as-of %s is after today", optarg);
		} else {
			return cli_usage_error(cli, &cmd_import, "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(cli, &cmd_import, "expected a kind and a file");
	if (import_kind_parse(argv[optind], &o.kind) < 0)
		return cli_usage_error(cli, &cmd_import, "'%s' is not customers, contacts, invoices or payments",
				       argv[optind]);
	o.path = argv[optind + 1];
	o.tenant = cli->tenant_id;
	o.report = stderr;
	o.progress = show_progress;
	o.progress_ctx = cli;

	ret = csv_import(cli->store, &o, &r, &cli->err);
	cli_progress_done(cli);
	if (ret < 0)
		return ret;
	if (r.inserted == 0)
		printf("%s: %lld %s, all already stored; nothing changed\n", o.path, (long long)r.rows,
		       r.rows == 1 ? "row" : "rows");
	else
		printf("%s: %lld %s imported into %s (%lld new or changed, %lld already stored)\n", o.path,
		       (long long)r.rows, r.rows == 1 ? "row" : "rows", import_kind_name(o.kind),
		       (long long)r.inserted, (long long)r.unchanged);
	return 0;
}

const struct command cmd_import = {
	.name = "import",
	.summary = "import customers, contacts, invoices or payments from CSV",
	.usage = "usage: recoup import customers|contacts|invoices|payments FILE [--rejects FILE]\n"
		 "                     [--as-of DATE]\n\n"
		 "Imports one CSV file (columns in docs/csv.md) all-or-nothing: if any row is bad,\n"
		 "nothing is written, every bad row is listed as file:line: column: reason, and the\n"
		 "exit code is 1. --rejects FILE also writes the bad rows' reasons as CSV.\n"
		 "Rows already stored with the same values are left alone, so importing a file\n"
		 "twice changes nothing. Import customers first, then contacts, invoices, payments.\n"
		 "No payment may be dated after today (UTC); --as-of DATE imports a file as of that\n"
		 "past day instead, to replay an old file. Limits of values: docs/csv.md.\n",
	.flags = CMD_NEEDS_DB | CMD_CREATES_DB,
	.run = run_import,
};
