/*
 * cmd_export.c: recoup export customers|contacts|invoices|payments|credit-notes [--format csv|json] [--out FILE]
 *
 * Writes back what was imported, with the import columns of docs/csv.md so
 * that the file imports again as it is, plus computed columns (an invoice's
 * `balance`) that the importer accepts and ignores. What is written is
 * app/export's (export_run); here only the options and the file.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/export.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "ingest/outfile.h"

static int run_export(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "spreadsheet", no_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_options opts = { .format = EXPORT_CSV };
	enum output_format format = FORMAT_CSV;
	const char *out_path = NULL;
	struct outfile *of = NULL;
	FILE *out = stdout;
	int c, ret, force = 0;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'f') {
			ret = cli_parse_format(cli, &cmd_export, optarg, (1u << FORMAT_CSV) | (1u << FORMAT_JSON),
					       &format);
			if (ret < 0)
				return ret;
		} else if (c == 'o') {
			out_path = optarg;
		} else if (c == 's') {
			opts.spreadsheet = 1;
		} else if (c == 'F') {
			force = 1;
		} else {
			return cli_usage_error(cli, &cmd_export, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_export, "expected what to export");
	if (export_record_parse(argv[optind], &opts.record, &cli->err) < 0)
		return cli_usage_error(cli, &cmd_export, "%s", cli->err.message);
	opts.format = format == FORMAT_JSON ? EXPORT_JSON : EXPORT_CSV;
	if (out_path && strcmp(out_path, "-") == 0)
		out_path = NULL; /* standard output, as without --out */
	if (out_path) {
		ret = cli_outfile_open(cli, out_path, NULL, 0, force, &of);
		if (ret < 0)
			return ret;
		out = outfile_stream(of);
	}
	ret = export_run(&cli->app, &opts, out, NULL, &cli->err);
	/* the file appears, complete, only when everything was written */
	if (ret == 0)
		ret = outfile_commit(of, &cli->err);
	else
		outfile_abort(of);
	if (ret == 0 && opts.not_carried) {
		fflush(stdout); /* after the rows, where both go to one file (2>&1) */
		cli_fprintf(stderr,
			    "recoup export: warning: the balances include fees, interest or write-offs, which no "
			    "export carries: a database imported from the exports will not have them (a full "
			    "copy: recoup backup, or recoup migrate; docs/csv.md)\n");
	}
	return ret;
}

const struct command cmd_export = {
	.name = "export",
	.summary = "export customers, contacts, invoices, payments or credit notes as CSV or JSON",
	.usage = "usage: recoup export customers|contacts|invoices|payments|credit-notes\n"
		 "                     [--format csv|json] [--out FILE] [--force] [--spreadsheet]\n\n"
		 "Writes what was imported, in the columns of docs/csv.md (so a CSV export imports\n"
		 "again as it is), plus computed columns: an invoice's current balance and a\n"
		 "customer's unapplied credit (payments not yet applied to an invoice), the part of\n"
		 "a credit note that went to its invoice (applied).\n"
		 "--spreadsheet: for opening in Excel or LibreOffice, text that starts with = + - @\n"
		 "gets a leading apostrophe so that it cannot run as a formula (such a file is for\n"
		 "reading, not for importing back).\n"
		 "--out FILE: written whole or not at all (a temporary file renamed into place when\n"
		 "complete); never the database or its -wal/-shm/-journal files; an existing FILE\n"
		 "only with --force. --out - (or no --out) writes to standard output.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_export,
};
