/*
 * cmd_set.c: what `recoup customer set` and `recoup contact set` share: the
 * options, the call of the correction use case and the listing of changes.
 */
#include <getopt.h>
#include <stdio.h>

#include "app/correct.h"
#include "cli/cli.h"

void cli_print_change(FILE *out, const struct change_record *c)
{
	fprintf(out, "  %s %s: %s '%s' -> '%s'\n", c->entity, c->ref, c->field, c->old_value, c->new_value);
}

int cli_run_set(struct cli *cli, const struct command *cmd, const char *what, correct_set_fn set, int argc, char **argv)
{
	static const struct option options[] = {
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct correct_result r = CORRECT_RESULT_INIT;
	const char *by = NULL;
	int c, ret;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'b')
			return cli_usage_error(cli, cmd, "unknown option");
		by = optarg;
	}
	if (argc - optind < 2)
		return cli_usage_error(cli, cmd, "%s set needs a %s ref and FIELD=VALUE", what, what);
	ret = set(&cli->app, argv[optind], argv + optind + 1, (size_t)(argc - optind - 1), by, &r, &cli->err);
	if (ret < 0)
		return ret;
	printf("%s '%s':\n", what, argv[optind]);
	for (size_t i = 0; i < r.n; i++)
		cli_print_change(stdout, &r.changes[i]);
	if (ret == 0)
		printf("  nothing changed (the values are already stored)\n");
	correct_result_release(&r);
	return 0;
}
