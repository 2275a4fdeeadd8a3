/*
 * cmd_authority.c: recoup authority show|set — the tenant's authority
 * limits and plans' grace days. Parsing and formatting only: the use case
 * is app/authority.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authority.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static const char usage[] =
	"usage: recoup authority show\n"
	"       recoup authority set FILE.json\n"
	"       recoup authority set --role admin|manager|collector --waive-principal-max PERCENT\n"
	"                            [--balance-under AMOUNT] [--kind person|company]\n\n"
	"The authority limits (docs/agreements.md): per role, and per segment (customer kind,\n"
	"balance under an amount), how much of the principal a settlement may waive, and who\n"
	"may approve write-offs; and plan_grace_days, the days an instalment may be late before\n"
	"its plan breaks. show prints the JSON document (the default until one is set); set\n"
	"replaces it with FILE's, or replaces one role's limits with the one given.\n"
	"Example: recoup authority set --role collector --waive-principal-max 10% --balance-under 5000.00\n";

static int run_show(struct cli *cli, int argc, char **argv)
{
	char *text = NULL;
	int is_default = 0, ret;
	(void)argv;
	if (argc != 1)
		return cli_usage_error(cli, &cmd_authority, "authority show takes no arguments");
	ret = authority_get(&cli->app, &text, &is_default, &cli->err);
	if (ret < 0)
		return ret;
	puts(text);
	free(text);
	return 0;
}

/*
 * --waive-principal-max "10%" or "10": a whole percentage from 0 to 100,
 * through cli_int_text, else the usage error (exit 2) naming the value as
 * typed. The use case checks it again for the API's body (422).
 */
static int parse_percent(struct cli *cli, const char *text)
{
	size_t n = strlen(text);
	char num[24];
	long long v;

	if (n && text[n - 1] == '%')
		n--;
	if (n < sizeof(num)) {
		memcpy(num, text, n);
		num[n] = '\0';
		if (cli_int_text(num, 0, 100, &v) == 0)
			return 0;
	}
	return cli_usage_error(
		cli, &cmd_authority,
		"--waive-principal-max '%s': expected a whole percentage from 0 to 100 (\"10%%\" or \"10\")", text);
}

static int run_set(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "waive-principal-max", required_argument, NULL, 'w' },
		{ "balance-under", required_argument, NULL, 'b' },
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const char *role = NULL, *pct = NULL, *under = NULL, *kind = NULL;
	char *text = NULL;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'w':
			if (parse_percent(cli, optarg) < 0)
				return -ERR_USAGE;
			pct = optarg;
			break;
		case 'b':
			if (cli_parse_amount(cli, &cmd_authority, "--balance-under", optarg) < 0)
				return -ERR_USAGE;
			under = optarg;
			break;
		case 'k': kind = optarg; break;
		default: return cli_usage_error(cli, &cmd_authority, "unknown option");
		}
	}
	if (role || pct || under || kind) {
		if (!role || !pct || optind < argc)
			return cli_usage_error(cli, &cmd_authority,
					       "authority set needs --role and --waive-principal-max "
					       "(or a FILE alone)");
		ret = authority_set_role(&cli->app, role, pct, under, kind, &cli->err);
		if (ret == 0)
			cli_printf("authority limits of %s set\n", role);
		return ret;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_authority, "authority set needs FILE.json or --role");
	ret = cli_read_file(cli, argv[optind], &text);
	if (ret == 0)
		ret = authority_set(&cli->app, text, &cli->err);
	free(text);
	if (ret == 0)
		cli_printf("authority limits set from %s\n", argv[optind]);
	return ret;
}

static int run_authority(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return run_show(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return run_set(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_authority, "expected 'show' or 'set'");
}

const struct command cmd_authority = {
	.name = "authority",
	.summary = "show and set who may waive and approve what (authority limits)",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_authority,
};
