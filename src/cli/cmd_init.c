/*
 * cmd_init.c: create (or upgrade) a database, and tenants in it.
 *
 * The only command that creates a tenant other than "default": every other
 * command refuses an unknown --tenant, so a typo never starts an empty book.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/tprintf.h"
#include "app/tenants.h"
#include "store/store.h"

static int run_init(struct cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	char shown[1024]; /* the URL without its password */
	int ret;

	if (argc > 1)
		return cli_usage_error(cli, &cmd_init, "unexpected argument '%s'", argv[1]);
	ret = store_open(cli->db_url, &cli->app.store, &cli->err);
	if (ret < 0)
		return ret;
	/* "default" always exists; another tenant is created when missing */
	ret = tenants_ensure(cli->app.store, cli->tenant, &id, &cli->err);
	if (ret < 0)
		return ret;
	store_url_for_messages(cli->db_url, shown, sizeof(shown));
	cli_printf("database %s (%s) is ready; tenant '%s' has id %lld\n", shown, store_backend_name(cli->app.store),
		   cli->tenant, (long long)id);
	return 0;
}

const struct command cmd_init = {
	.name = "init",
	.summary = "create or upgrade the database, and create a tenant",
	.usage = "usage: recoup init [--db PATH|URL] [--tenant NAME]\n\n"
		 "Creates the database when missing and applies every pending migration.\n"
		 "With --tenant NAME, creates that tenant when it does not exist yet.\n",
	.flags = CMD_CREATES_DB, /* opens the store itself */
	.run = run_init,
};
