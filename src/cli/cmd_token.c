/*
 * cmd_token.c: recoup token create|list|revoke — API tokens for machine
 * clients (docs/api.md, "Tokens"). Parsing and formatting only: the use
 * case is app/auth.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static const char usage[] =
	"usage: recoup token create NAME --role admin|manager|collector [--user USER]\n"
	"       recoup token list\n"
	"       recoup token revoke NAME\n\n"
	"An API token lets a machine client (the ERP, a script) call the server with\n"
	"'Authorization: Bearer TOKEN', acting as token:NAME with the token's role. create prints\n"
	"the token once, on stdout: only its hash is kept, so a lost token is revoked and made again.\n"
	"With --user the token acts as that user instead (a collector's dialer): their name in the\n"
	"audit trail, their queue and customers, the lower of the token's role and theirs; it is\n"
	"refused once the user is disabled. A revoked token is refused at once; it stays listed.\n";

/* The credential, printed and flushed before the token is stored: one that cannot be shown is not kept. */
static int print_secret(void *ctx, const char *token, struct error *e)
{
	(void)ctx;
	cli_printf("%s\n", token);
	if (fflush(stdout) != 0 || ferror(stdout))
		return error_set(e, ERR_ENV,
				 "the token could not be written to standard output (%s): it was not created, and its "
				 "name is free",
				 strerror(errno));
	return 0;
}

static int run_create(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	char token[AUTH_CREDENTIAL_MAX + 1];
	const char *role = NULL, *user = NULL;
	int c;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'r')
			role = optarg;
		else if (c == 'u')
			user = optarg;
		else
			return cli_usage_error(cli, &cmd_token, "unknown option");
	}
	if (argc - optind != 1 || !role)
		return cli_usage_error(cli, &cmd_token, "token create needs one NAME and --role");
	return auth_token_create_shown(&cli->app, argv[optind], role, user, token, sizeof(token), print_secret, NULL,
				       &cli->err);
}

static int print_token(void *ctx, const struct auth_token *t)
{
	char created[TIMESTAMP_TEXT_MAX], revoked[TIMESTAMP_TEXT_MAX];
	(void)ctx;
	cli_printf("%-20s %-9s %-20s %s by %s%s%s\n", t->name, t->role, t->user_id ? t->user_name : "-",
		   timestamp_format(t->created_at, created, sizeof(created)), t->created_by,
		   t->revoked_at ? ", revoked " : "",
		   t->revoked_at ? timestamp_format(t->revoked_at, revoked, sizeof(revoked)) : "");
	return 0;
}

static int run_token(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "create"))
		return run_create(cli, argc - 1, argv + 1);
	if (argc == 2 && !strcmp(argv[1], "list")) {
		cli_printf("%-20s %-9s %-20s %s\n", "NAME", "ROLE", "USER", "CREATED");
		return auth_tokens_list(&cli->app, print_token, NULL, &cli->err);
	}
	if (argc == 3 && !strcmp(argv[1], "revoke")) {
		int ret = auth_token_revoke(&cli->app, argv[2], &cli->err);
		if (ret == 0)
			cli_printf("token '%s' revoked\n", argv[2]);
		return ret;
	}
	return cli_usage_error(cli, &cmd_token, "expected 'create NAME --role ROLE', 'list' or 'revoke NAME'");
}

const struct command cmd_token = {
	.name = "token",
	.summary = "create, list and revoke API tokens for machine clients",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_token,
};
