/*
 * cmd_import.c: recoup import customers|contacts|invoices|payments|credit-notes FILE
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/import.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "ingest/outfile.h"

/* Changes are listed only once the import is committed: a refused file changed nothing. */
static void on_change(void *ctx, const struct change_record *c)
{
	cli_print_change(ctx, c);
}

static void show_progress(void *ctx, long long done, long long total)
{
	cli_progress(ctx, "importing (bytes)", done, total);
}

static int run_import(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "rejects", required_argument, NULL, 'r' }, { "update", no_argument, NULL, 'u' },
		{ "by", required_argument, NULL, 'b' },      { "force", no_argument, NULL, 'F' },
		{ "as-of", required_argument, NULL, 'a' },   { NULL, 0, NULL, 0 },
	};
	struct import_options o = { 0 };
	struct import_result r;
	struct app_ctx ctx = cli->app;
	char *listing = NULL;
	size_t listing_len = 0;
	FILE *changes = NULL;
	const char *rejects_path = NULL;
	struct outfile *rejects = NULL;
	char rows[64];
	int c, ret, force = 0;

	/* the clock and the user are the command's (cli->app); --as-of and --by replace them */
	while ((c = cli_getopt(argc, argv, "r:", options, NULL)) != -1) {
		if (c == 'r') {
			rejects_path = optarg;
		} else if (c == 'u') {
			o.update = 1;
		} else if (c == 'b') {
			ctx.actor = optarg;
		} else if (c == 'F') {
			force = 1;
		} else if (c == 'a') {
			ret = cli_parse_date(cli, &cmd_import, "--as-of", optarg, &ctx.today);
			if (ret < 0)
				return ret;
			if (ctx.today > cli_today())
				return cli_usage_error(cli, &cmd_import, "--as-of %s is after today", optarg);
		} else {
			return cli_usage_error(cli, &cmd_import, "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(cli, &cmd_import, "expected a kind and a file");
	if (import_kind_parse(argv[optind], &o.kind) < 0)
		return cli_usage_error(
			cli, &cmd_import,
			"'%s' is not customers, contacts, invoices, payments, credit-notes, contact-history or flags",
			argv[optind]);
	if (o.update && o.kind != IMPORT_CUSTOMERS)
		return cli_usage_error(cli, &cmd_import, "--update applies to customers only");
	o.path = argv[optind + 1];
	o.report = stderr;
	o.replay_hint = "give import --as-of DATE";
	o.progress = show_progress;
	o.progress_ctx = cli;

	if (rejects_path) {
		/* FILE "-" is standard input: the file it was redirected from is the one not to write over */
		const char *reading = strcmp(o.path, "-") == 0 ? "/dev/stdin" : o.path;
		ret = cli_outfile_open(cli, rejects_path, &reading, 1, force, &rejects);
		if (ret < 0)
			return ret;
		o.rejects = outfile_stream(rejects);
	}
	if (o.update) {
		changes = open_memstream(&listing, &listing_len);
		if (!changes) {
			outfile_abort(rejects);
			return error_set(&cli->err, ERR_ENV, "out of memory");
		}
		o.on_change = on_change;
		o.change_ctx = changes;
	}

	ret = import_run(&ctx, &o, &r, &cli->err);
	cli_progress_done(cli);
	if (changes)
		fclose(changes);
	if (rejects) {
		/* kept only when it lists something; a clean import leaves no file behind */
		if (r.rejected > 0) {
			struct error we = ERROR_INIT;
			if (outfile_commit(rejects, &we) < 0 && ret == 0)
				ret = error_set(&cli->err, we.code, "%s", we.message);
			else if (we.code)
				cli_fprintf(stderr, "recoup import: %s\n", we.message);
		} else {
			outfile_abort(rejects);
		}
	}
	if (ret < 0) {
		free(listing);
		return ret;
	}
	if (listing_len)
		fputs(listing, stdout);
	free(listing);
	cli_count(rows, sizeof(rows), r.rows, "row", "rows");
	if (r.inserted == 0)
		cli_printf("%s: %s, all already stored; nothing changed\n", o.path, rows);
	else
		cli_printf("%s: %s imported into %s (%lld new or changed, %lld already stored)\n", o.path, rows,
			   import_kind_name(o.kind), (long long)r.inserted, (long long)r.unchanged);
	if (o.update)
		cli_printf("%s updated\n", cli_count(rows, sizeof(rows), r.updated, "customer", "customers"));
	return 0;
}

const struct command cmd_import = {
	.name = "import",
	.summary = "import customers, contacts, invoices, payments or credit notes from CSV",
	.usage = "usage: recoup import customers|contacts|invoices|payments|credit-notes FILE\n"
		 "                     [--rejects FILE [--force]] [--as-of DATE]\n"
		 "       recoup import contact-history|flags FILE [--rejects FILE [--force]] [--as-of DATE]\n"
		 "       recoup import customers --update FILE [--by NAME]\n\n"
		 "Imports one CSV file (columns in docs/csv.md; FILE - reads standard input, named\n"
		 "'-' in the messages) all-or-nothing: if any row is bad, nothing is written, every\n"
		 "bad row is listed as file:line: column: reason, and the exit code is 1.\n"
		 "--rejects FILE also writes the bad rows' reasons as CSV\n"
		 "(line,column,reason), only when there are bad rows; FILE is written whole or not\n"
		 "at all, never the input or the database, and an existing FILE only with --force.\n"
		 "Rows already stored with the same values are left alone, so importing a file\n"
		 "twice changes nothing. Import customers first, then contacts, invoices, payments\n"
		 "and credit notes (to the named invoice up to its balance, the rest as credit),\n"
		 "then the history: contact-history (earlier contact attempts) and flags (cease,\n"
		 "dispute, bankrupt... with their dates).\n"
		 "With --update, a known customer whose name, email, phone, address, language,\n"
		 "timezone, profile or credit_limit differs is corrected (columns the file lacks are\n"
		 "kept), all or nothing; each change is listed and recorded as by --by ($USER).\n"
		 "No payment or credit note may be dated after today (UTC); --as-of DATE imports a\n"
		 "file as of that past day instead, to replay an old file. Limits: docs/csv.md.\n",
	.flags = CMD_NEEDS_DB | CMD_CREATES_DB,
	.run = run_import,
};
