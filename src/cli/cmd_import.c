/*
 * cmd_import.c: recoup import customers|contacts|invoices|payments FILE
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/csv_import.h"
#include "ingest/outfile.h"

static void show_progress(void *ctx, long long done, long long total)
{
	cli_progress(ctx, "importing (bytes)", done, total);
}

static int run_import(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "rejects", required_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_options o = { 0 };
	struct import_result r;
	const char *rejects_path = NULL;
	struct outfile *rejects = NULL;
	int c, ret, force = 0;

	while ((c = getopt_long(argc, argv, "r:", options, NULL)) != -1) {
		if (c == 'r')
			rejects_path = optarg;
		else if (c == 'F')
			force = 1;
		else
			return cli_usage_error(cli, &cmd_import, "unknown option");
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

	if (rejects_path) {
		if ((ret = cli_outfile_open(cli, rejects_path, &o.path, 1, force, &rejects)) < 0)
			return ret;
		o.rejects = outfile_stream(rejects);
	}

	ret = csv_import(cli->store, &o, &r, &cli->err);
	cli_progress_done(cli);
	if (rejects) {
		/* kept only when it lists something; a clean import leaves no file behind */
		if (r.rejected > 0) {
			struct error we = ERROR_INIT;
			if (outfile_commit(rejects, &we) < 0 && ret == 0)
				ret = error_set(&cli->err, we.code, "%s", we.message);
			else if (we.code)
				fprintf(stderr, "recoup import: %s\n", we.message);
		} else {
			outfile_abort(rejects);
		}
	}
	if (ret < 0)
		return ret;
	if (r.inserted == 0)
		printf("%s: %lld rows, all already stored; nothing changed\n", o.path, (long long)r.rows);
	else
		printf("%s: %lld rows imported into %s (%lld new or changed, %lld already stored)\n", o.path,
		       (long long)r.rows, import_kind_name(o.kind), (long long)r.inserted, (long long)r.unchanged);
	return 0;
}

const struct command cmd_import = {
	.name = "import",
	.summary = "import customers, contacts, invoices or payments from CSV",
	.usage = "usage: recoup import customers|contacts|invoices|payments FILE [--rejects FILE [--force]]\n\n"
		 "Imports one CSV file (columns in docs/csv.md) all-or-nothing: if any row is bad,\n"
		 "nothing is written, every bad row is listed as file:line: column: reason, and the\n"
		 "exit code is 1. --rejects FILE also writes the bad rows' reasons as CSV\n"
		 "(line,column,reason), only when there are bad rows; FILE is written whole or not\n"
		 "at all, never the input or the database, and an existing FILE only with --force.\n"
		 "Rows already stored with the same values are left alone, so importing a file\n"
		 "twice changes nothing. Import customers first, then contacts, invoices, payments.\n",
	.flags = CMD_NEEDS_DB | CMD_CREATES_DB,
	.run = run_import,
};
