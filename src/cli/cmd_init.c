/*
 * cmd_init.c: create (or upgrade) a database, and tenants in it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

static int run_init(struct cli *cli, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error(cli, &cmd_init, "unexpected argument '%s'", argv[1]);
	printf("database %s (%s) is ready; tenant '%s' has id %lld\n", cli->db_url,
	       store_backend_name(cli->store), cli->tenant, (long long)cli->tenant_id);
	return 0;
}

/* Tenants other than "default" are created here, never by a typo elsewhere. */
static int run_init_tenant(struct cli *cli, int argc, char **argv);

const struct command cmd_init = {
	.name = "init",
	.summary = "create or upgrade the database, and create a tenant",
	.usage = "usage: recoup init [--db PATH|URL] [--tenant NAME]\n\n"
		 "Creates the database when missing and applies every pending migration.\n"
		 "With --tenant NAME, creates that tenant when it does not exist yet.\n",
	.flags = 0,
	.run = run_init_tenant,
};

static int run_init_tenant(struct cli *cli, int argc, char **argv)
{
	struct store *s = NULL;
	int64_t id = 0;
	int ret;

	if ((ret = store_open(cli->db_url, &s, &cli->err)) < 0)
		return ret;
	cli->store = s;
	ret = store_tenant_resolve(s, "default", &id, &cli->err);
	if (ret == 0 && strcmp(cli->tenant, "default")) {
		error_clear(&cli->err);
		if (store_tenant_resolve(s, cli->tenant, &id, &cli->err) < 0) {
			error_clear(&cli->err);
			ret = store_tenant_create(s, cli->tenant, &id, &cli->err);
		}
	}
	if (ret < 0)
		return ret;
	cli->tenant_id = id;
	return run_init(cli, argc, argv);
}
