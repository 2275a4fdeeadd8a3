/*
 * cmd_strategy.c: recoup strategy list|show NAME|set NAME FILE|default NAME [--kind company|person]
 *
 * The tenant's strategies (app/strategies). Parsing and formatting only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strategies.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static const char usage[] =
	"usage: recoup strategy list\n"
	"       recoup strategy show NAME\n"
	"       recoup strategy set NAME FILE.json\n"
	"       recoup strategy default NAME [--kind company|person]\n\n"
	"list: every strategy the tenant may use (the presets and its own), with its priority, its\n"
	"  number of steps and the kind of customer it is the default for.\n"
	"show: a strategy as the tenant uses it (its own copy, else the preset), as JSON to edit.\n"
	"set: stores a strategy for the tenant, checked whole: every problem is listed with its JSON\n"
	"  path and nothing is stored. A strategy named like a preset replaces it. Once stored, a\n"
	"  warning per message step naming a template that does not exist (its messages use\n"
	"  'default' until it is stored: recoup template set).\n"
	"default: the strategy for customers of a kind (default: both kinds) that no candidate's\n"
	"  segment matches. docs/strategies.md has the format and the presets.\n";

static int print_item(void *ctx, const struct strategies_item *it)
{
	(void)ctx;
	cli_printf("%-20s %-30s %5d %3zu steps%s%s%s\n", it->name, it->source, it->priority, it->n_steps,
		   it->candidate ? "" : "  (a default only)", it->default_for[0] ? "  default for " : "",
		   it->default_for);
	return 0;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error(cli, &cmd_strategy, "unexpected argument '%s'", argv[1]);
	cli_printf("%-20s %-30s %5s\n", "name", "source", "prio");
	return strategies_list(&cli->app, print_item, NULL, &cli->err);
}

static int run_show(struct cli *cli, int argc, char **argv)
{
	char *json = NULL;
	int ret;

	if (argc != 2)
		return cli_usage_error(cli, &cmd_strategy, "strategy show needs a NAME");
	ret = strategies_show(&cli->app, argv[1], &json, &cli->err);
	if (ret == 0)
		puts(json);
	free(json);
	return ret;
}

/*
 * After storing: a warning per message step whose template does not exist
 * (app/strategies.h). The strategy is stored either way, so a failed check
 * is a warning too, and the exit status stays 0.
 */
static void print_warnings(struct cli *cli, const char *name)
{
	struct strategies_warnings *w = malloc(sizeof(*w));
	struct error e = ERROR_INIT;

	if (!w || strategies_template_warnings(&cli->app, name, w, &e) < 0) {
		cli_fprintf(stderr, "recoup strategy: warning: the templates the steps name were not checked: %s\n",
			    w ? e.message : "out of memory");
		free(w);
		return;
	}
	for (size_t i = 0; i < w->n; i++)
		cli_fprintf(stderr, "recoup strategy: warning: %s\n", w->w[i].message);
	free(w);
}

static int run_set(struct cli *cli, int argc, char **argv)
{
	char *text = NULL;
	int ret;

	if (argc != 3)
		return cli_usage_error(cli, &cmd_strategy, "strategy set needs NAME and FILE");
	ret = cli_read_file(cli, argv[2], &text);
	if (ret < 0)
		return ret;
	ret = strategies_set(&cli->app, argv[1], text, argv[2], &cli->err);
	if (ret == 0) {
		cli_printf("strategy '%s' stored for tenant '%s'\n", argv[1], cli->tenant);
		print_warnings(cli, argv[1]);
	}
	free(text);
	return ret;
}

static int run_default(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	int kinds[2] = { 1, 1 }, c, ret = 0;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c != 'k')
			return cli_usage_error(cli, &cmd_strategy, "unknown option");
		if (!strcmp(optarg, "company"))
			kinds[KIND_PERSON] = 0;
		else if (!strcmp(optarg, "person"))
			kinds[KIND_COMPANY] = 0;
		else
			return cli_usage_error(cli, &cmd_strategy, "--kind: '%s' is not company or person", optarg);
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_strategy, "strategy default needs a NAME");
	for (int k = 0; k < 2 && ret == 0; k++)
		if (kinds[k])
			ret = strategies_default(&cli->app, argv[optind], (enum customer_kind)k, &cli->err);
	if (ret == 0)
		cli_printf("tenant '%s' default strategy for %s: %s\n", cli->tenant,
			   kinds[0] && kinds[1]  ? "every customer"
			   : kinds[KIND_COMPANY] ? "companies"
						 : "persons",
			   argv[optind]);
	return ret;
}

static int run_strategy(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli *cli, int argc, char **argv);
	} subs[] = {
		{ "list", run_list },
		{ "show", run_show },
		{ "set", run_set },
		{ "default", run_default },
	};

	if (argc < 2)
		return cli_usage_error(cli, &cmd_strategy, "which strategy command?");
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (!strcmp(argv[1], subs[i].name)) {
			optind = 1;
			return subs[i].run(cli, argc - 1, argv + 1);
		}
	}
	return cli_usage_error(cli, &cmd_strategy, "'%s' is not a strategy command", argv[1]);
}

const struct command cmd_strategy = {
	.name = "strategy",
	.summary = "strategies: list, show, store, and choose the default per kind",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_strategy,
};
