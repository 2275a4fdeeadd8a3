/*
 * cmd_migrate.c: recoup migrate --to URL
 *
 * Copies the database named by --db (SQLite) into the store at URL
 * (PostgreSQL), every tenant, then prints what it compared on both sides
 * (app/migrate). Here only the options, the target store and the text.
 */
#include <getopt.h>
#include <stdio.h>

#include "app/migrate.h"
#include "cli/cli.h"
#include "store/store.h"

static int on_copied(void *arg, const char *tenant)
{
	(void)arg;
	printf("tenant '%s': copied\n", tenant);
	return 0;
}

static int on_compare(void *arg, const struct migrate_compare *c)
{
	(void)arg;
	if (c->same)
		printf("tenant '%s': %s: %s (same)\n", c->tenant, c->what, c->target);
	else
		printf("tenant '%s': %s DIFFERS: source %s, target %s\n", c->tenant, c->what, c->source, c->target);
	return 0;
}

static int run_migrate(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct migrate_sink sink = { on_copied, on_compare, NULL };
	struct migrate_result result;
	struct store *target = NULL;
	const char *to = NULL;
	int c, ret;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 't')
			to = optarg;
		else
			return cli_usage_error(cli, &cmd_migrate, "unknown option");
	}
	if (argc != optind)
		return cli_usage_error(cli, &cmd_migrate, "unexpected argument '%s'", argv[optind]);
	if (!to)
		return cli_usage_error(cli, &cmd_migrate, "expected --to URL");
	ret = store_open(to, &target, &cli->err);
	if (ret < 0)
		return ret;
	ret = migrate_run(&cli->app, target, &sink, &result, &cli->err);
	store_close(target);
	return ret;
}

const struct command cmd_migrate = {
	.name = "migrate",
	.summary = "copy the SQLite database into PostgreSQL and compare both",
	.usage = "usage: recoup migrate --to postgresql://...\n\n"
		 "Copies the database named by --db into the store at --to, every tenant, each in\n"
		 "one transaction on the target: profiles, the default profile, closed days,\n"
		 "customers, contacts, invoices, payments, ledger entries, active flags, contact\n"
		 "attempts and the change log (ids are renumbered; import batches and cleared\n"
		 "flags are not copied); strategies and the default per kind, every `config`\n"
		 "setting (secrets too, never printed), authority limits, promise, credit and\n"
		 "legal settings, users with their password hashes, API tokens (hashed) and\n"
		 "templates. Not sessions: users sign in again. A target tenant that already holds\n"
		 "data, one of the source tenant's users or API tokens, or users or API tokens of\n"
		 "its own, refuses the whole migration before anything is written. Then compares,\n"
		 "per tenant, the rows of each table, the defaults and policies, the aging totals\n"
		 "per currency and `check` on the target, and prints each comparison (DIFFERS when\n"
		 "the sides differ); exit 1 when one differs. See docs/operations.md.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_migrate,
};
