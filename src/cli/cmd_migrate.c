/*
 * cmd_migrate.c: recoup migrate --to URL
 *
 * Copies the database named by --db (SQLite) into the store at URL
 * (PostgreSQL), every tenant, then prints what it compared on both sides
 * (app/migrate). Here only the options, the target store and the text.
 */
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>

#include "app/documents.h"
#include "app/migrate.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "store/store.h"

static int on_copied(void *arg, const char *tenant)
{
	(void)arg;
	cli_printf("tenant '%s': copied\n", tenant);
	return 0;
}

static int on_compare(void *arg, const struct migrate_compare *c)
{
	(void)arg;
	if (c->same)
		cli_printf("tenant '%s': %s: %s (same)\n", c->tenant, c->what, c->target);
	else
		cli_printf("tenant '%s': %s DIFFERS: source %s, target %s\n", c->tenant, c->what, c->source, c->target);
	return 0;
}

static int run_migrate(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "to", required_argument, NULL, 't' },
		{ "files", required_argument, NULL, 'f' },
		{ "to-files", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct migrate_sink sink = { on_copied, on_compare, NULL };
	struct migrate_result result;
	struct migrate_files files = { NULL, NULL };
	struct store *target = NULL;
	const char *to = NULL, *env = getenv("RECOUP_FILES");
	char from_buf[4096], to_buf[4096];
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 't')
			to = optarg;
		else if (c == 'f')
			files.from = optarg;
		else if (c == 'F')
			files.to = optarg;
		else
			return cli_usage_error(cli, &cmd_migrate, "unknown option");
	}
	if (argc != optind)
		return cli_usage_error(cli, &cmd_migrate, "unexpected argument '%s'", argv[optind]);
	if (!to)
		return cli_usage_error(cli, &cmd_migrate, "expected --to URL");
	/* the documents' files: --files, else $RECOUP_FILES, else beside --db; --to-files, else beside --to */
	if (!files.from)
		files.from = env && *env ? env : documents_dir_default(cli->db_url, from_buf, sizeof(from_buf));
	if (!files.to)
		files.to = documents_dir_default(to, to_buf, sizeof(to_buf));
	ret = store_open(to, &target, &cli->err);
	if (ret < 0)
		return ret;
	ret = migrate_run(&cli->app, target, &files, &sink, &result, &cli->err);
	store_close(target);
	return ret;
}

const struct command cmd_migrate = {
	.name = "migrate",
	.summary = "copy the SQLite database into PostgreSQL and compare both",
	.usage = "usage: recoup migrate --to postgresql://... [--files DIR] [--to-files DIR]\n\n"
		 "Copies the database named by --db into the store at --to, every tenant, each in\n"
		 "one transaction on the target: profiles, the default profile, closed days,\n"
		 "customers, contacts, invoices, payments, ledger entries, active flags, contact\n"
		 "attempts, the change log, credit notes and documents (ids are renumbered; import\n"
		 "batches and cleared flags are not copied); strategies and the default per kind, every `config`\n"
		 "setting (secrets too, never printed), authority limits, promise, credit and\n"
		 "legal settings, users with their password hashes, API tokens (hashed) and\n"
		 "templates; the daily runs, their snapshots and actions (with the invoices'\n"
		 "steps), the outbox's messages and attempts (Message-IDs as stored), the credit\n"
		 "review's mark and the assignments; promises, plans, settlements, write-offs,\n"
		 "disputes, placements, small-claims steps, credit holds, holds and the audit\n"
		 "trail. Not sessions: users sign in again. A target\n"
		 "tenant that already holds customers, one of the source tenant's users or API\n"
		 "tokens, or anything of its own where the copy writes (users, API tokens,\n"
		 "profiles, closed days, strategies, defaults, settings, templates, dispute reasons,\n"
		 "runs, audit entries...) refuses the whole migration before anything is written,\n"
		 "naming the first found; a tenant created with `init` alone is copied into. Then\n"
		 "compares, per tenant, the rows of each table, the defaults and policies, the\n"
		 "aging totals per currency and `check` on the target, and prints each comparison\n"
		 "(DIFFERS when the sides differ); exit 1 when one differs.\n"
		 "Each document's file is copied, checked against its sha256, from the source's\n"
		 "files directory (--files, else $RECOUP_FILES, else beside --db: DB.files) into\n"
		 "the target's (--to-files, else recoup-files in the current directory for a\n"
		 "PostgreSQL URL): serve the target with --files set to it. A file that cannot be\n"
		 "read stops the copy of its tenant. See docs/operations.md.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_migrate,
};
